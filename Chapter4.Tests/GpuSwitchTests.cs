using System.Diagnostics;
using Chapter4.Files;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The GPU switch, checked by MSBuild evaluation only: CI cannot restore the CUDA bundle (it is not
/// served here) and has no GPU, so it never builds with it.
/// </summary>
[TestOf("Chapter4.csproj's TorchBackend switch")]
[Category("Subprocess")]
// MSBuild evaluations in child processes: they may run beside the other child-process tests.
[Parallelizable(ParallelScope.All)]
public class GpuSwitchTests
{
    private static string RepositoryRoot() =>
        Repository.FindRoot(AppContext.BaseDirectory) ?? throw new AssertionException("Chapter4.sln not found above the test output");

    private static (int Exit, string Output) MsBuild(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", "Chapter4/Chapter4.csproj", "-nologo", .. args])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Test]
    public void DefaultReferencesOnlyTheCpuBundle()
    {
        var (exit, output) = MsBuild("-getItem:PackageReference");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("\"TorchSharp-cpu\"").And.Not.Contain("TorchSharp-cuda"));
        // And the packages the default restore resolved include no CUDA one (the central version list
        // names TorchSharp-cuda-linux, but a version entry alone is never restored).
        var assets = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "Chapter4", "obj", "project.assets.json")))!;
        var libraries = assets["libraries"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.That(libraries, Has.Some.StartsWith("TorchSharp-cpu/"));
        Assert.That(libraries, Has.None.Contains("cuda"));
    }

    [Test]
    public void CudaSwitchSwapsTheBundle()
    {
        var (exit, output) = MsBuild("-getItem:PackageReference", "-p:TorchBackend=cuda");
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("\"TorchSharp-cuda-linux\"").And.Not.Contain("\"TorchSharp-cpu\""));
    }

    [Test]
    public void UnknownBackendIsAnError()
    {
        var (exit, output) = MsBuild("-t:CollectPackageReferences", "-p:TorchBackend=rocm");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("TorchBackend must be 'cpu' (the default) or 'cuda', not 'rocm'"));
    }
}
