using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The cases of the hostile-input review that broke the contract (exit 0 ok / 1 failed while running /
/// 2 bad input; one line on stderr; `all` keeps going; --json stdout is only JSON; results kept).
/// Bounds are tested at the bound, never by running for hours.
/// </summary>
[TestOf(typeof(LessonRunner))]
[Category("Subprocess")]
public partial class ReliabilityTests
{
    private static string App => Path.Combine(AppContext.BaseDirectory, "Chapter4");

    /// <summary>Runs the built program through the shell, for redirections the in-process runner cannot make.</summary>
    private static (int Exit, string Out, string Err) Shell(string command, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(timeoutSeconds * 1000), Is.True, $"'{command}' did not end within {timeoutSeconds} s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // ---- Crashes: closed or full stdout, closed stderr ----

    [TestCase("model --no-plots >&-", 1)]
    [TestCase("model --no-plots > /dev/full", 1)]
    [TestCase("all --no-plots --json --only momentum,adam > /dev/full", 1)]
    [TestCase("model --bogus 2>&-", 2)]
    [TestCase("model --no-plots --device cuda 2>&- >&-", 2)]
    public void BrokenStandardStreamsEndWithTheDocumentedCodeNotAnAbort(string arguments, int expected)
    {
        Skip.Unless(File.Exists("/dev/full") || !arguments.Contains("/dev/full", StringComparison.Ordinal), "no /dev/full here");
        var r = Shell($"{Quote(App)} {arguments}");
        Assert.That(r.Exit, Is.EqualTo(expected), r.Err);
        Assert.That(r.Err, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "));
    }

    /// <summary>A closed stdout is said as what it is, not as .NET's "Access to the path is denied".</summary>
    [TestCase("model --no-plots >&-", "error: model: cannot write the lesson's output: standard output is closed or not writable\n")]
    [TestCase("list >&-", "error: cannot write the output: standard output is closed or not writable\n")]
    [TestCase("model --no-plots --lang zh-CN >&-", "错误：model：无法写出讲解的输出：标准输出已关闭或不可写\n")]
    public void AClosedStdoutIsSaidAsClosed(string arguments, string expected)
    {
        var r = Shell($"{Quote(App)} {arguments}");
        Assert.That((r.Exit, r.Err), Is.EqualTo((1, expected)));
    }

    [Test]
    public void AnOutputErrorIsOneLine()
    {
        var r = Shell($"{Quote(App)} model --no-plots > /dev/full");
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.StartWith("error: ").And.Contain("No space left on device"));
    }

    // ---- Divergence everywhere: exit 1, where and at which lr, results kept ----

    [TestCase("momentum", "--lr", "1e30", "--steps", "6")]
    [TestCase("adagrad", "--lr", "3e38")]
    [TestCase("rmsprop", "--lr", "3e38")]
    [TestCase("rmsprop", "--alpha", "1", "--steps", "100")]
    [TestCase("adam", "--lr", "3e38")]
    [TestCase("lr-step", "--lr", "100")]
    [TestCase("lr-multistep", "--lr", "100")]
    [TestCase("lr-exponential", "--lr", "5")]
    [TestCase("optimizer-paths", "--lr", "1e30", "--saddle-lr", "1e30")]
    [TestCase("gd-variants", "--lr", "3e38")]
    [TestCase("optimizer-compare", "--lr", "3e38")]
    [TestCase("lr-compare", "--lr", "3e38")]
    [TestCase("momentum-dynamics", "--lr", "3e38")]
    [TestCase("robust-regression", "--lr", "1e30")]
    [TestCase("robust-regression", "--lr", "1e38")]
    [TestCase("momentum-dynamics", "--lr", "10")]
    public void DivergenceStopsNamesWhereAndKeepsTheResults(params string[] args)
    {
        var r = CliAssert.Run([.. args, "--json", "--no-plots"]);
        var json = JsonNode.Parse(r.Out)!;
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(1), r.Err);
            Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.Contain("diverged").And.Match("(step|epoch) [0-9]+").And.Contain("learning rate"));
            Assert.That((string?)json["error"], Does.Contain("diverged"));
            Assert.That(json["results"]!.AsObject(), Is.Not.Empty, "the results so far are kept");
        });
    }

    /// <summary>The maximum --steps the help offers runs through at the defaults (hostile-input-review-3: 10,000 always exited 1).</summary>
    [Test]
    public void OptimizerPathsAtItsMaximumStepsFinishes()
    {
        var r = CliAssert.Run("optimizer-paths", "--steps", "300", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
    }

    [Test]
    public void AnOptimizerPathThatDivergesIsNamedAndTheOthersAreKept()
    {
        // At saddle lr 0.2 SGD's saddle path overflows at step 277 (momentum's at 159): 300 steps show it.
        var r = CliAssert.Run("optimizer-paths", "--steps", "300", "--saddle-lr", "0.2", "--json", "--no-plots");
        var saddle = JsonNode.Parse(r.Out)!["results"]!["paths"]!["saddle"]!;
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(1));
            Assert.That((string?)saddle["sgd"]!["diverged"], Does.Contain("at step"));
            Assert.That(saddle["adam"]!["final_f"], Is.Not.Null, "a path that stayed finite keeps its result");
            Assert.That(saddle["sgd"]!["points"]!.AsArray().SelectMany(p => p!.AsArray()).Select(v => (double)v!), Has.All.Matches<double>(double.IsFinite));
        });
    }

    // ---- One line means one line ----

    [Test]
    public void ControlCharactersInUserTextAreEscaped()
    {
        var r = CliAssert.Rejected("abc\\ndef", "momentum", "--lr", "abc\ndef\u001b[31m");
        Assert.That(r.Err, Does.Not.Contain("\u001b").And.Contain("\\e[31m"));
    }

    [Test]
    public void AnErrorEveryLessonSharesIsSaidOnce()
    {
        Skip.Unless(!TorchSharp.torch.cuda.is_available(), "this machine has CUDA");
        // Found before any lesson runs: said once, and no lesson starts.
        var r = CliAssert.Run("all", "--device", "cuda", "--no-plots", "--json");
        Assert.That(r.Exit, Is.EqualTo(2));
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
        Assert.That(r.Err, Does.Contain("CUDA is not available"));
        Assert.That(r.Out, Is.Empty);
    }

    // ---- Consistency ----

    [Test]
    public void BadInputUnderJsonLeavesStdoutEmptyForParseAndRangeErrorsAlike()
    {
        Assert.That(CliAssert.Rejected("is not valid", "momentum", "--lr", "abc", "--json").Out, Is.Empty);
        Assert.That(CliAssert.Rejected("is out of range", "momentum", "--lr", "-1", "--json").Out, Is.Empty);
    }

    [Test]
    public void NumbersAreFormattedInvariantlyWhateverTheCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            var r = CliAssert.Run("loss-curves", "--no-plots", "--compare");
            Assert.That(r.Out, Does.Contain("-3.00").And.Not.Contain("-3,00"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [TestCase("SIGINT", 2, 130)]
    [TestCase("SIGTERM", 15, 143)]
    // Child processes only (nothing of this process's torch state): the two cases may run at once, beside other such tests.
    [Parallelizable(ParallelScope.All)]
    public void AnInterruptPrintsTheJsonOfWhatFinished(string name, int signal, int expected)
    {
        // lr-compare near its bound trains for most of a minute: the signal comes while it runs.
        var start = new ProcessStartInfo(App, ["lr-compare", "--epochs", "1000", "--json", "--no-plots"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // 3 s of the child's own CPU: past start-up (about 1.3 s: the runtime, libtorch, the signal handlers) and into training,
        // however loaded the machine is (a wall-clock 4 s once came before the handlers, under a load average of 14).
        ChildCpu.WaitFor(p, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        Assert.That(p.HasExited, Is.False, "the lesson ended before the signal (exit " + (p.HasExited ? p.ExitCode : 0) + ")");
        using (var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.That(p.WaitForExit(20_000), Is.True, $"{name} did not end the run");
        var json = JsonNode.Parse(stdout.Result)!;
        Assert.Multiple(() =>
        {
            Assert.That(p.ExitCode, Is.EqualTo(expected));
            Assert.That((string?)json["error"], Is.EqualTo("interrupted"));
            Assert.That(stderr.Result, Does.Contain($"interrupted by {name}"));
        });
    }
}
