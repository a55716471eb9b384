using System.Diagnostics;
using System.IO.Compression;
using Chapter4.Models;
using Chapter4.Tests.Support;
using NUnit.Framework;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// `model --weights FILE` takes a file from anywhere: every way it can be wrong is one line, exit 2,
/// with the true reason, and never a hang, an allocation the file does not justify, or a crash.
/// The unusual-but-valid state_dicts are written by PyTorch itself (tools/parity/twins_model.py).
/// </summary>
[TestOf(typeof(StateDictFile))]
public class WeightsFileTests
{
    private static (int Exit, string Err) RunModel(string weights)
    {
        var r = CliAssert.Run("model", "--weights", weights, "--no-plots");
        return (r.Exit, r.Err);
    }

    /// <summary>Refused: exit 2, one line naming the file and containing <paramref name="reason"/>.</summary>
    private static void Refused(string path, string reason)
    {
        var r = RunModel(path);
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(2), r.Err);
            Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.StartWith("error: model: --weights: ").And.Contain(reason));
        });
    }

    private static string Temp(string suffix = ".pt") => Path.Combine(Path.GetTempPath(), $"chapter4-{Guid.NewGuid():N}{suffix}");

    private static string Fixture(string name) => Path.Combine(ParityTests.FixtureDir, name);

    [Test]
    public void MissingWeightsFile()
    {
        var r = RunModel("/no/such/weights.pt");
        Assert.That(r.Exit, Is.EqualTo(2));
        Assert.That(r.Err, Is.EqualTo("error: model: --weights: '/no/such/weights.pt' does not exist\n"));
    }

    [TestCase("garbage", "is not a PyTorch file")]
    [TestCase("text", "is not a PyTorch file")]
    [TestCase("empty", "is empty: not a PyTorch file")]
    [TestCase("truncated", "damaged")]
    [TestCase("legacy", "legacy PyTorch format")]
    public void NotAPyTorchFile(string kind, string reason)
    {
        string path = Temp();
        byte[] real = File.ReadAllBytes(Fixture("model-demo-weights.pt"));
        File.WriteAllBytes(path, kind switch
        {
            "garbage" => [0x13, 0x37, 0x00, 0xff, 0x42, 0x17],
            "text" => "definitely not a zip of a pickle"u8.ToArray(),
            "empty" => [],
            "truncated" => real[..(real.Length / 2)],
            _ => [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e], // torch's legacy magic number
        });
        try { Refused(path, reason); }
        finally { File.Delete(path); }
    }

    [TestCase("", "is not a file")]
    [TestCase("/dev/zero", "is not a regular file")]
    [TestCase("/dev/null", "is not a regular file")]
    public void AnEmptyPathOrADeviceIsNotAFile(string path, string reason)
    {
        Skip.Unless(path.Length == 0 || File.Exists(path), $"no {path} here");
        Refused(path, reason);
    }

    /// <summary>
    /// A file under /proc says it holds 0 bytes and holds more: it is read to its end (it was once "is empty"), and a
    /// response file there is read too (/proc/self/environ holds NUL bytes: refused as binary, not silently ignored).
    /// </summary>
    [Test]
    public void AFileThatUnderstatesItsLengthIsReadToItsEnd()
    {
        Skip.Unless(File.Exists("/proc/self/status"), "no /proc here");
        Assert.That(new FileInfo("/proc/self/status").Length, Is.Zero, "the premise: /proc states 0 bytes");
        Refused("/proc/self/status", "is not a PyTorch file (torch.save writes a zip archive)");
        var r = CliAssert.Run("momentum", "@/proc/self/environ", "--no-plots");
        Assert.That((r.Exit, r.Err), Is.EqualTo((2, "error: response file '@/proc/self/environ' is binary (it holds NUL bytes); a response file is text, one argument per line\n")));
    }

    /// <summary>
    /// A file written by Debian's PyTorch (/usr/bin/python3): ModelDemo's six tensors at 0.1, then
    /// <paramref name="change"/> (Python, on the dict <c>state</c>) before torch.save.
    /// </summary>
    private static string SavedByPyTorch(string change)
    {
        Skip.Unless(File.Exists("/usr/bin/python3"), "no /usr/bin/python3 here");
        string path = Temp();
        string script = "import sys, torch\n" +
            "shapes = {'linear1.weight': (3, 3), 'linear1.bias': (3,), 'linear2.weight': (2, 3), 'linear2.bias': (2,), 'output.weight': (2, 2), 'output.bias': (2,)}\n" +
            "state = {k: torch.full(s, 0.1) for k, s in shapes.items()}\n" + change + "\ntorch.save(state, sys.argv[1])\n";
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script, path]) { RedirectStandardError = true };
        using var python = Process.Start(start)!;
        string err = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Skip.Unless(python.ExitCode == 0, "PyTorch is not importable by /usr/bin/python3: " + err);
        return path;
    }

    [TestCase("state['linear2.weight'] = torch.full((2, 3), 1e300, dtype=torch.float64)", "beyond float32's range")]
    [TestCase("state['linear1.weight'] = torch.full((3, 3), 1 + 2j, dtype=torch.complex64)", "linear1.weight of dtype")]
    [TestCase("state['output.bias'] = torch.ones(2, dtype=torch.int64)", "output.bias of dtype")]
    [TestCase("state = list(state.values())", "holds a list, not a state_dict")]
    [TestCase("state = 3", "not a state_dict")]
    public void WeightsThatLoadButCannotComputeAreRefused(string change, string reason)
    {
        string path = SavedByPyTorch(change);
        try
        {
            Refused(path, reason);
            Assert.That(RunModel(path).Err, Does.Not.Contain("InvalidCastException").And.Not.Contain("Warning"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void FiniteWeightsWhoseOutputIsNotFiniteFailNamingTheFile()
    {
        string path = SavedByPyTorch("state = {k: torch.full(v.shape, 3e38) for k, v in state.items()}");
        try
        {
            var r = CliAssert.Run("model", "--weights", path, "--no-plots", "--json");
            Assert.Multiple(() =>
            {
                Assert.That(r.Exit, Is.EqualTo(1), r.Err);
                Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
                Assert.That(r.Err, Does.Contain("is not finite").And.Contain(path));
            });
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void AFolderIsNotAFile() => Refused(Path.GetTempPath().TrimEnd('/'), "is a folder, not a file");

    [Test]
    public void AFifoIsRefusedAtOnceInsteadOfBlocking()
    {
        string path = Temp();
        using (var mkfifo = Process.Start("mkfifo", path)) mkfifo.WaitForExit();
        Skip.Unless(File.Exists(path), "mkfifo is not available");
        try
        {
            // Opening a FIFO for reading blocks until a writer comes: a 10-second bound turns a hang into a failure.
            var run = Task.Run(() => RunModel(path));
            Assert.That(run.Wait(TimeSpan.FromSeconds(10)), Is.True, "the lesson blocked on the FIFO");
            Refused(path, "is not a regular file");
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void ASymlinkLoopIsNamed()
    {
        string a = Temp(), b = Temp();
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        try { Refused(a, "cannot be followed"); }
        finally { File.Delete(a); File.Delete(b); }
    }

    [Test]
    public void AnUnreadableFileSaysPermissionDenied()
    {
        Skip.Unless(!OperatingSystem.IsWindows() && Environment.UserName != "root", "root reads every file");
        if (OperatingSystem.IsWindows()) return;
        string path = Temp();
        File.Copy(Fixture("model-demo-weights.pt"), path);
        File.SetUnixFileMode(path, UnixFileMode.None);
        try { Refused(path, "permission denied"); }
        finally { File.Delete(path); }
    }

    [Test]
    public void APickleDeclaringMoreBytesThanTheFileIsRefusedBeforeAllocating()
    {
        // 2^31 bytes declared by a BINUNICODE opcode in a file of about 250 bytes.
        string path = Temp();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var pickle = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open())
                pickle.Write([0x80, 0x02, (byte)'X', 0x00, 0x00, 0x00, 0x80, (byte)'a', (byte)'b', (byte)'.']);
            using (var version = zip.CreateEntry("archive/version", CompressionLevel.NoCompression).Open())
                version.Write("3\n"u8);
        }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        try { Refused(path, "declares 2147483648 bytes"); }
        finally { File.Delete(path); }
        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(64L << 20), "the declared length was allocated");
    }

    [TestCase("weights-noncontiguous.pt", "non-contiguous tensor")]
    [TestCase("weights-offset.pt", "view into a larger storage")]
    [TestCase("weights-keepvars.pt", "keep_vars=True")]
    [TestCase("weights-nan.pt", "NaN or infinite values in linear2.weight")]
    public void UnusualStateDictsGetAnAccurateReason(string file, string reason) => Refused(Fixture(file), reason);

    [Test]
    public void CompareMatchesTheReferenceWeightsByContentWhereverTheFileIs()
    {
        string path = Temp();
        File.Copy(Fixture("model-demo-weights.pt"), path);
        try
        {
            var r = CliAssert.Run("model", "--seed", "7", "--weights", path, "--compare", "--no-plots");
            Assert.That(r.Exit, Is.Zero, r.Err);
            Assert.That(r.Out, Does.Contain("reference run 'seed=7 --weights model-demo-weights.pt'"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void WeightsWithOtherNames()
    {
        string path = Temp();
        using (var other = nn.Sequential(("hidden", nn.Linear(3, 3)), ("out", nn.Linear(3, 2)))) other.save_py(path);
        try
        {
            var r = RunModel(path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("does not fit ModelDemo: missing linear1.weight")
                .And.Contain("unexpected hidden.bias, hidden.weight, out.bias, out.weight"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void WeightsWithOtherShapes()
    {
        string path = Temp();
        using (var wide = new WideModelDemo()) wide.save_py(path);
        try
        {
            var r = RunModel(path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("has linear1.weight of shape [3, 4]; ModelDemo needs [3, 3]"));
        }
        finally { File.Delete(path); }
    }

    /// <summary>ModelDemo's parameter names, with a 4-input first layer.</summary>
    private sealed class WideModelDemo : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly TorchSharp.Modules.Linear linear1 = nn.Linear(4, 3);
        private readonly TorchSharp.Modules.Linear linear2 = nn.Linear(3, 2);
        private readonly TorchSharp.Modules.Linear output = nn.Linear(2, 2);
#pragma warning restore IDE1006

        public WideModelDemo() : base(nameof(WideModelDemo)) => RegisterComponents();

        public override Tensor forward(Tensor x) => output.call(linear2.call(linear1.call(x)));
    }
}
