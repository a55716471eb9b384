using System.Diagnostics;
using System.Reflection;
using Chapter4.Build;
using Chapter4.Tests.Support;
using NUnit.Framework;
using TorchSharp;

namespace Chapter4.Tests;

/// <summary>TorchSharp loads through the ordinary build, and the shim patch changes exactly one flag.</summary>
[TestOf("build/WeakenElfVersionNeed.cs")]
[Category("Subprocess")]
public class NativeLibraryTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Test]
    public void TorchInitialisesAndComputes()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = a * 2 + 1;
        Assert.That(b.data<float>().ToArray(), Is.EqualTo(new float[] { 3, 5, 7 }));
    }

    [Test]
    public void ShimInTheTestOutputIsPatched()
    {
        string shim = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Skip.Unless(File.Exists(shim), "no linux-x64 shim in this build output");
        var report = ElfVersionNeedPatcher.Weaken(File.ReadAllBytes(shim), [Version]);
        Assert.That(report.AlreadyWeak, Is.EqualTo(new[] { Version }), "the build left the requirement strong");
    }

    [Test]
    public void PatchSetsTheWeakFlagOnExactlyOneVernauxAndIsIdempotent()
    {
        string original = OriginalShim();
        string copy = Path.Combine(Path.GetTempPath(), $"chapter4-shim-{Guid.NewGuid():N}.so");
        File.Copy(original, copy);
        try
        {
            byte[] before = File.ReadAllBytes(copy);
            var first = ElfVersionNeedPatcher.WeakenFile(copy, [Version]);
            byte[] after = File.ReadAllBytes(copy);

            Assert.That(first.Requirements, Does.Contain("libstdc++.so.6:" + Version));
            Assert.That(first.ChangedFlagOffsets, Has.Count.EqualTo(1));
            long offset = first.ChangedFlagOffsets[0];
            var differing = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            // Exactly one byte: the low byte of vna_flags gains VER_FLG_WEAK (0x2).
            Assert.That(differing, Is.EqualTo(new[] { (int)offset }));
            Assert.That(after[offset], Is.EqualTo(before[offset] | 0x2));

            var second = ElfVersionNeedPatcher.WeakenFile(copy, [Version]);
            Assert.That(second.ChangedFlagOffsets, Is.Empty);
            Assert.That(second.AlreadyWeak, Is.EqualTo(new[] { Version }));
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(after), "a second pass changed bytes");

            // Independent oracle: binutils' readelf reads the version section and shows the flag.
            string readelf = RunReadelf(copy);
            string line = readelf.Split('\n').Single(l => l.Contains("Name: " + Version));
            Assert.That(line, Does.Contain("Flags: WEAK"));
            Assert.That(readelf.Split('\n').Count(l => l.Contains("Flags: WEAK")), Is.EqualTo(1));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Test]
    public void NotAnElfFileIsRefusedUntouched()
    {
        byte[] text = "just text, not a shared library"u8.ToArray();
        byte[] copy = (byte[])text.Clone();
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Weaken(copy, [Version]));
        Assert.That(copy, Is.EqualTo(text));
    }

    private static string OriginalShim()
    {
        string root = typeof(NativeLibraryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        string package = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.That(File.Exists(package), Is.True, $"restored shim not found at {package}");
        return package;
    }

    private static string RunReadelf(string path)
    {
        var start = new ProcessStartInfo("readelf", ["-V", "--wide", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero);
        return output;
    }
}
