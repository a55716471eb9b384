using System.Diagnostics;
using System.Text.Json.Nodes;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Round 3 of the hostile-input review (issue 20): response files, repeated options, messages. Whatever a
/// user or an attacker types is one line on stderr and exit 2, in bounded time and memory; the cases that
/// crashed the process (a response file naming itself overflowed the stack) run the built app in a subprocess.
/// </summary>
[TestOf(typeof(Chapter4.App.Cli))]
[Category("Subprocess")]
public class HostileInputTests
{
    private static string App => Path.Combine(AppContext.BaseDirectory, "Chapter4");

    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("chapter4-hostile-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>Runs the built app in <see cref="_folder"/>: a crash or a runaway kills the child, not the test host.</summary>
    private (int Exit, string Out, string Err) Subprocess(params string[] args)
    {
        var start = new ProcessStartInfo(App, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' did not end within 20 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void OneLineExit2((int Exit, string Out, string Err) r, string mentions)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(2), r.Err.Length > 2000 ? r.Err[..2000] : r.Err);
            Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(r.Err, Does.StartWith("error: ").And.Contain(mentions));
            Assert.That(r.Err, Has.Length.LessThan(1000), "the error echoes a cut argument");
            Assert.That(r.Out, Is.Empty);
        });
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    // ---- §3 Response files ----

    [Test]
    public void AResponseFileNamingItselfIsACycleNotAStackOverflow()
    {
        Write("rec.rsp", "@rec.rsp\n");
        OneLineExit2(Subprocess("model", "@rec.rsp"), "cannot form a cycle");
    }

    [Test]
    public void TwoResponseFilesNamingEachOtherAreACycle()
    {
        Write("a.rsp", "--no-plots\n@b.rsp\n");
        Write("b.rsp", "@a.rsp\n");
        OneLineExit2(Subprocess("model", "@a.rsp"), "cannot form a cycle");
    }

    [Test]
    public void ResponseFilesNestAFewLevelsAndNoDeeper()
    {
        Write("r1.rsp", "--seed\n3\n");
        for (int i = 2; i <= 6; i++) Write($"r{i}.rsp", $"@r{i - 1}.rsp\n");
        var ok = Subprocess("model", "--no-plots", "--json", "@r4.rsp");
        Assert.That(ok.Exit, Is.Zero, ok.Err);
        Assert.That((long)JsonNode.Parse(ok.Out)!["seed"]!, Is.EqualTo(3));
        OneLineExit2(Subprocess("model", "@r6.rsp"), "at most 4 levels");
    }

    [TestCase("/dev/zero", "not a regular file")]
    [TestCase("/bin/ls", "is binary")]
    [TestCase("", "the path is empty")]
    [TestCase("missing.rsp", "does not exist")]
    public void AResponseFileThatIsNoTextFileIsRefused(string path, string reason)
    {
        Skip.Unless(path.Length == 0 || path == "missing.rsp" || File.Exists(path), $"no {path} here");
        OneLineExit2(Subprocess("model", "@" + path), reason);
    }

    [Test]
    public void AFolderAsAResponseFileIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "dir"));
        OneLineExit2(Subprocess("model", "@dir"), "is a folder");
    }

    [Test]
    public void AResponseFileOverOneMegabyteIsRefusedAtOnce()
    {
        File.WriteAllBytes(Path.Combine(_folder, "huge.rsp"), Enumerable.Repeat((byte)'x', 64 << 20).ToArray());
        var clock = Stopwatch.StartNew();
        OneLineExit2(Subprocess("model", "@huge.rsp"), "at most 1,048,576");
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10));
    }

    [Test]
    public void ALongArgumentIsEchoedCut()
    {
        Write("long.rsp", new string('x', 900_000));
        var r = CliAssert.Run("model", "@" + Path.Combine(_folder, "long.rsp"));
        OneLineExit2(r, "(900,000 characters)");
        OneLineExit2(CliAssert.Run("momentum", "--lr", new string('7', 5000) + "x"), "(5,001 characters)");
    }

    [Test]
    public void AResponseFileStillHoldsOneArgumentPerLine()
    {
        string path = Write("ok.rsp", "# a comment\n--seed\n3\n\n  --json  \r\n--no-plots\n");
        var r = CliAssert.Run("model", "@" + path);
        Assert.That(r.Exit, Is.Zero, r.Err);
        Assert.That((long)JsonNode.Parse(r.Out)!["seed"]!, Is.EqualTo(3));
    }

    [Test]
    public void ThreeMillionRepeatsInAResponseFileAreRefusedQuickly()
    {
        // Refused on size (a million lines do not fit in 1 MB), and a shorter list on the repeat itself.
        File.WriteAllText(Path.Combine(_folder, "many.rsp"), string.Concat(Enumerable.Repeat("--no-plots\n", 3_000_000)));
        OneLineExit2(Subprocess("model", "@many.rsp"), "at most 1,048,576");
        File.WriteAllText(Path.Combine(_folder, "some.rsp"), string.Concat(Enumerable.Repeat("--no-plots\n", 50_000)));
        OneLineExit2(Subprocess("model", "@some.rsp"), "--no-plots given twice");
    }

    // ---- §2 Repeated options ----

    [TestCase("--json", "model", "--json", "--json")]
    [TestCase("--no-plots", "model", "--no-plots", "--no-plots")]
    [TestCase("--compare", "momentum", "--compare", "--compare")]
    [TestCase("--seed", "model", "--seed", "1", "--seed", "2")]
    [TestCase("--lr", "momentum", "--lr", "0.1", "--lr", "0.2")]
    [TestCase("--json", "errata", "--json", "--json")]
    [TestCase("--json", "list", "--json", "--json")]
    public void AnOptionGivenTwiceIsAnError(string option, params string[] args) =>
        CliAssert.RejectedBeforeRunning($"{option} given twice", args);

    [Test]
    public void BookSettingOneKnobTwiceIsAnError()
    {
        string site = Path.Combine(_folder, "site");
        OneLineExit2(CliAssert.Run("book", "--out", site, "--set", "adam:lr=0.1", "--set", "adam:lr=0.2"), "--set adam:lr given twice");
        Assert.That(Directory.Exists(site), Is.False, "nothing was built");
    }

    [Test]
    public void ABookWhoseWeightsAreAFifoIsRefusedBeforeAnyLessonRuns()
    {
        string fifo = Path.Combine(_folder, "fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Skip.Unless(File.Exists(fifo), "mkfifo is not available");
        string site = Path.Combine(_folder, "site");
        OneLineExit2(Subprocess("book", "--out", site, "--set", "model:weights=" + fifo, "--only", "model,ewma"), "is not a regular file");
        Assert.That(Directory.Exists(site), Is.False, "the book was built before the bad setting was found");
    }

    // ---- §6 Messages ----

    [TestCase("an option", "model", "--", "--seed", "3")]
    [TestCase("a command", "--", "model")]
    public void ATokenAfterDoubleDashIsExplained(string what, params string[] args)
    {
        var r = CliAssert.Rejected($"comes after '--', which makes it a plain argument, not {what}", args);
        Assert.That(r.Err, Does.Not.Contain("did you mean"));
    }

    [Test]
    public void HelpWithAnOptionSaysWhatHelpTakes()
    {
        var r = CliAssert.Rejected("'help' takes no options", "help", "model", "--bogus");
        Assert.That(r.Err, Does.Not.Contain("valid:"));
    }
}

/// <summary>Round 3, §5 and §6: float32's edges, a broken pipe, bounds and messages.</summary>
public class Float32EdgeTests
{
    private static string App => Path.Combine(AppContext.BaseDirectory, "Chapter4");

    [TestCase("robust-regression", "--lr", "1e-320")]
    [TestCase("robust-regression", "--delta", "1e-45")]
    [TestCase("momentum", "--lr", "1e-40")]
    [TestCase("loss-mse", "--y-pred", "1,1e-39,2")]
    public void APositiveValueThatFloat32CannotHoldIsRefusedWithItsRange(params string[] args) =>
        CliAssert.RejectedBeforeRunning("float32 holds ±1.1754944e-38 to ±3.4028235e38", args);

    [Test]
    public void ADeltaThatWouldFreezeSmoothL1sFitIsRefused() =>
        CliAssert.RejectedBeforeRunning("<= 1000000", "robust-regression", "--delta", "3e38");

    [Test]
    public void TheSmallestNormalFloat32IsStillAccepted()
    {
        var r = CliAssert.Run("loss-mse", "--y-pred", "1,1.2e-38,2", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
    }

    /// <summary>
    /// float32's range is ±3.4028235e38 as every message writes it: that double rounds to float32's largest (in range; it
    /// once was refused as "outside ±3.4028234663852886e+38"), and float32 turns only numbers from max + half an ulp
    /// (3.4028235677973366e38) on into infinity, so 3.4028236e38 is refused.
    /// </summary>
    [Test]
    public void TheFloat32BoundIsTheOneTheMessagesWrite()
    {
        Assert.That((float)3.4028235e38, Is.EqualTo(float.MaxValue));
        Assert.That(float.IsInfinity((float)3.4028236e38), Is.True);
        var accepted = CliAssert.Run("loss-mse", "--y-pred", "3.4028235e38,0,0", "--no-plots");
        Assert.That(accepted.Err, Does.Not.Contain("float32's finite range"));
        Assert.That(accepted.Exit, Is.Not.EqualTo(2), accepted.Err);
        var r = CliAssert.Rejected("outside float32's finite range", "momentum", "--lr", "3.4028236e38");
        Assert.That(r.Err, Does.Contain("(±3.4028235e38)").And.Contain("--lr 3.4028236e+38"));
    }

    [TestCase("momentum", "--lr", "1e400")]
    [TestCase("loss-mse", "--y-pred", "1,-1e400,2")]
    public void ANumberBeyondDoubleIsShownAsTyped(params string[] args)
    {
        var r = CliAssert.Rejected("outside float32's finite range", args);
        Assert.That(r.Err, Does.Contain("1e400").And.Not.Contain("Infinity"));
    }

    [Test]
    public void EveryFinishedMomentumPathIsKeptWithTheOneThatDiverged()
    {
        var r = CliAssert.Run("momentum-dynamics", "--lr", "10", "--json", "--no-plots");
        var runs = JsonNode.Parse(r.Out)!["results"]!["runs"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(1));
            Assert.That(runs, Is.Not.Empty);
            Assert.That((string?)runs[^1]!["diverged"], Does.Contain("step 25"));
            Assert.That(runs[^1]!["path"]!.AsArray(), Has.Count.EqualTo(25), "the start and the 24 finished steps");
        });
    }

    [Test]
    public void RobustRegressionNamesTheStepWhereAdamOverflowed()
    {
        var r = CliAssert.Run("robust-regression", "--lr", "1e38", "--json", "--no-plots");
        var json = JsonNode.Parse(r.Out)!;
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(1));
            Assert.That(r.Err, Does.Contain("at step 1 of the mse fit"));
            Assert.That(json["results"]!["x"], Is.Not.Null, "the data is kept");
            Assert.That(json["results"]!["fits"]!.AsArray(), Is.Empty);
        });
    }

    [TestCase("momentum --steps 100000")]
    // With --json the output comes at the end: 5,000 steps make about 300 KB, well past a pipe's 64 KB buffer.
    [TestCase("momentum --steps 5000 --json")]
    [TestCase("model --help")]
    public void ABrokenPipeEndsQuietlyWithExit141(string arguments)
    {
        // One rule for every command: the reader has gone, so stop at once, say nothing, exit 128 + SIGPIPE.
        var start = new ProcessStartInfo("/bin/bash", ["-c", $"'{App}' {arguments} | head -c 1 >/dev/null; echo \"exit ${{PIPESTATUS[0]}}\" >&2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.That(p.WaitForExit(30_000), Is.True);
        Assert.That(stderr.Result, Is.EqualTo("exit 141\n"));
    }

    [TestCase("momentum-dynamics", "--momenta", "at most 10 values")]
    [TestCase("lr-sweep", "--lrs", "at most 20 values")]
    [TestCase("lr-multistep", "--milestones", "at most 1,000 values")]
    [TestCase("lr-compare", "--epochs", "at most 1,041 at the default 3 seeds")]
    public void EveryBoundIsInHelp(string lesson, string knob, string bound)
    {
        string help = CliAssert.Run(lesson, "--help").Out;
        string line = help.Split('\n').Single(l => l.TrimStart().StartsWith(knob + " ", StringComparison.Ordinal));
        Assert.That(line, Does.Contain(bound));
    }

    [Test]
    public void TheHelpsLargestEpochsRunsAtTheDefaultSeeds()
    {
        CliAssert.RejectedBeforeRunning("at most 150000", "lr-compare", "--epochs", "1042");
    }

    [Test]
    public void AMilestoneAfterTheLastEpochIsWarned()
    {
        var r = CliAssert.Run("lr-multistep", "--milestones", "100,300", "--no-plots");
        Assert.That(r.Exit, Is.Zero, r.Err);
        Assert.That(r.Out, Does.Contain("Warning: --milestones 300 is not before --epochs 200"));
    }
}
