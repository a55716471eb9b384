using System.Diagnostics;
using System.Text.RegularExpressions;
using Chapter4.Exercises;
using Chapter4.Exercises.Checker;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// The exercises (issue 25). The checker and the reference solutions are compiled into this assembly, so the
/// solutions and deliberately wrong ones are checked in-process against PyTorch's cases; the stubs as shipped
/// are checked by running the exercises executable (built with the solution) as a subprocess.
///
/// Tolerances are the checker's own (exercises/Checker/CaseRun.cs, Tolerance): float32 tensors pass within
/// 1e-5·|PyTorch| + 1e-7 (a correct solution rounds in another order: a few float32 ulps, 1.2e-7 each),
/// optimizer steps within 1e-5·|PyTorch| + 1e-6 (w − lr·step cancels near 0: ulps of the operands, |w| ≤ 3);
/// plain doubles within 1e-9·|PyTorch| + 1e-15 (PyTorch computed them in float64 too: rounding order only),
/// learning rates within 1e-9·|PyTorch| (they fall to 1e-10: no absolute part).
/// The tests below state, per assertion, how far inside (solutions) or outside (mistakes) those bounds the
/// values fall, as |yours − PyTorch| / allowed.
/// </summary>
[TestFixture, Category("Exercises")]
[TestOf("exercises")]
public class ExerciseTests
{
    private static readonly string RepositoryRoot = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Chapter4.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Chapter4.sln above the test directory");
    }

    [Test]
    public void TheListTheCatalogTheFilesAndTheCasesAgree()
    {
        var listed = ExerciseList.All.Select(e => e.Id).ToList();
        Assert.That(Catalog.All.Select(e => e.Info.Id), Is.EqualTo(listed), "the catalog checks exactly the listed exercises, in the list's order");
        Assert.That(listed, Has.Count.GreaterThanOrEqualTo(12));
        foreach (var info in ExerciseList.All)
        {
            Assert.That(info.Id, Does.StartWith(info.Section + "-"), "an id starts with its course section");
            Assert.That(Path.GetFileName(info.File), Does.StartWith(info.Section + "-"), "a file is named by its course section");
            Assert.That(Path.Combine(RepositoryRoot, info.File), Does.Exist);
            Assert.That(Path.Combine(RepositoryRoot, info.Solution), Does.Exist);
            Assert.That(info.Hints, Has.Count.InRange(2, 3), $"{info.Id}: two or three hints");
            Assert.That(info.Hints.All(h => h.Zh.Length > 0 && h.En.Length > 0), $"{info.Id}: every hint in Chinese and English");
            var (cases, seeded) = ExerciseList.CasesOf(info.Id);
            Assert.That(cases, Is.Not.Empty, $"{info.Id}: the course's case first");
            Assert.That(seeded, Has.Count.GreaterThanOrEqualTo(4), $"{info.Id}: a table of seeds to draw from");
        }
    }

    [Test]
    public void EveryShippedStubHasOneTodoFunctionThatThrows()
    {
        foreach (var info in ExerciseList.All)
        {
            string text = File.ReadAllText(Path.Combine(RepositoryRoot, info.File));
            if (!IsShippedStub(text)) continue; // a learner's copy with the function written
            Assert.That(Regex.Matches(text, "// TODO"), Has.Count.EqualTo(1), info.File);
            Assert.That(Regex.Matches(text, @"public static [^\n]+\("), Has.Count.EqualTo(1), $"{info.File}: one function");
            Assert.That(text, Does.Contain($" {info.Function}("), info.File);
            Assert.That(text, Does.Match("[\u4e00-\u9fff]"), $"{info.File}: the comment in Chinese too");
        }
    }

    private static bool IsShippedStub(string text) => text.Contains("throw new NotImplementedException();", StringComparison.Ordinal);

    [Test]
    public void EverySolutionPassesEveryCaseWellInsideTheTolerance()
    {
        var watch = Stopwatch.StartNew();
        foreach (var exercise in Catalog.All)
        {
            var outcomes = exercise.Check(SeededDraw.All);
            var (cases, seeded) = ExerciseList.CasesOf(exercise.Info.Id);
            Assert.That(outcomes, Has.Count.EqualTo(cases.Count + seeded.Count), exercise.Info.Id);
            foreach (var o in outcomes)
            {
                Assert.That(o.Verdict, Is.EqualTo(Verdict.Passed), $"{exercise.Info.Id} [{o.Name}]: {o.Detail}");
                // Within a tenth of the allowed difference: the bounds leave ≥ 10× room for a correct solution
                // that rounds in another order (measured: the largest is printed below).
                Assert.That(o.WorstRatio, Is.Not.Null.And.LessThanOrEqualTo(0.1), $"{exercise.Info.Id} [{o.Name}]: |Δ|/allowed");
            }
            TestContext.Out.WriteLine($"{exercise.Info.Id}: {outcomes.Count} cases, worst |Δ|/allowed {outcomes.Max(o => o.WorstRatio ?? 0):G3}");
        }
        TestContext.Out.WriteLine($"all solutions checked in {watch.ElapsedMilliseconds} ms");
    }

    [Test]
    public void TheCommandLineWithTheSolutionsSaysAllDone()
    {
        string state = Scratch();
        var (exit, stdout, stderr) = RunCli(state, []);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain($"{Catalog.All.Count} of {Catalog.All.Count} done").And.Contain("All done."));

        (exit, stdout, _) = RunCli(state, ["3.3.3-momentum-step"]);
        Assert.That(exit, Is.EqualTo(0), stdout);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.That(lines[1], Does.StartWith("✔ the course's snippet"), "the course's numbers come first");
        Assert.That(lines.Count(l => l.StartsWith("✔ seed ", StringComparison.Ordinal)), Is.EqualTo(2), "two seeds drawn from the table");
        Assert.That(lines[^1], Does.StartWith("done: all "));
    }

    // A mistake, the exercise it is made in, the case that must catch it first and what that line must name.
    private static IEnumerable<TestCaseData> Mistakes()
    {
        yield return Mistake("momentum: the course's S = (1−β)·g + β·S for PyTorch's buffer",
            () => Catalog.MomentumStep.CheckWith((w, g, b, lr, mu, d) =>
            {
                var v = (1 - mu) * g + mu * (b ?? torch.zeros_like(g));
                return (w - lr * v, v);
            }, SeededDraw.All), "the course's snippet", "step 1: MomentumStep(w: [1], grad: [1], buffer: null", "buffer[0]: PyTorch 1, yours 0.1");
        yield return Mistake("momentum: a zero buffer instead of the first-step copy (right only without dampening)",
            () => Catalog.MomentumStep.CheckWith((w, g, b, lr, mu, d) =>
            {
                var v = mu * (b ?? torch.zeros_like(g)) + (1 - d) * g;
                return (w - lr * v, v);
            }, SeededDraw.All), "dampening=0.9", "step 1:", "buffer[0]: PyTorch 1, yours 0.1");
        yield return Mistake("adam: no bias correction (the course's betas cancel it on step 1 only)",
            () => Catalog.AdamStep.CheckWith((w, g, m, v, t, lr, b1, b2, eps) =>
            {
                var m1 = b1 * m + (1 - b1) * g;
                var v1 = b2 * v + (1 - b2) * g * g;
                return (w - lr * m1 / (v1.sqrt() + eps), m1, v1);
            }, SeededDraw.All), "the course's snippet", "step 2:", "w[0]: PyTorch");
        yield return Mistake("adagrad: an average of squared gradients instead of their sum",
            () => Catalog.AdaGradStep.CheckWith((w, g, s, lr, eps) =>
            {
                var s1 = 0.9 * s + 0.1 * g * g;
                return (w - lr * g / (s1.sqrt() + eps), s1);
            }, SeededDraw.All), "the course's snippet", "step 1:", "sum[0]: PyTorch 1, yours 0.1");
        yield return Mistake("rmsprop: the squared gradient without (1 − α)",
            () => Catalog.RmsPropStep.CheckWith((w, g, s, lr, alpha, eps) =>
            {
                var s1 = alpha * s + g * g;
                return (w - lr * g / (s1.sqrt() + eps), s1);
            }, SeededDraw.All), "the course's snippet", "step 1:", "squareAvg[0]: PyTorch 0.1, yours 1");
        yield return Mistake("cross-entropy: softmax as exp(z)/Σexp(z), no maximum subtracted",
            () => Catalog.CrossEntropy.CheckWith((z, y) =>
                -(z.exp() / z.exp().sum([1], keepdim: true)).log().gather(1, y.unsqueeze(1)).squeeze(1), SeededDraw.All),
            "huge logits", "CrossEntropy(logits: [1000, 0, -1000", "loss[0]: PyTorch -0, yours NaN");
        yield return Mistake("bce: no clamp of log(p) at −100",
            () => Catalog.BinaryCrossEntropy.CheckWith((p, y) => (-(y * p.log() + (1 - y) * (1 - p).log())).mean(), SeededDraw.All),
            "p exactly 0 and 1", "BinaryCrossEntropy(p: [0, 1, 0.3]", "PyTorch 33.45");
        yield return Mistake("smooth L1: a mask product, which keeps 0.5·x²/β's NaN at β = 0",
            () => Catalog.SmoothL1.CheckWith((p, t, beta) =>
            {
                var x = (p - t).abs();
                var small = (x < beta).to_type(ScalarType.Float32);
                return (small * 0.5 * x * x / beta + (1 - small) * (x - 0.5 * beta)).mean();
            }, SeededDraw.All), "beta=0", "beta: 0)", "yours NaN");
        yield return Mistake("backprop: a hidden weight's gradient through o1 only",
            () => Catalog.Backprop.CheckWith((i, t, w, b1, b2) =>
            {
                var grads = Learner.BackpropGradients(i, t, w, b1, b2);
                static double S(double z) => 1 / (1 + Math.Exp(-z));
                double h1 = S(w[0] * i[0] + w[1] * i[1] + b1), h2 = S(w[2] * i[0] + w[3] * i[1] + b1);
                double o1 = S(w[4] * h1 + w[5] * h2 + b2), d1 = (o1 - t[0]) * o1 * (1 - o1);
                grads[0] = d1 * w[4] * h1 * (1 - h1) * i[0];
                return grads;
            }, SeededDraw.All), "the backprop lesson's network", "BackpropGradients(i: [0.05, 0.1]", "∂E/∂w1: PyTorch");
        yield return Mistake("ewma: the bias correction fed back into the recursion",
            () => Catalog.Ewma.CheckWith((y, beta, corrected) =>
            {
                double s = 0;
                var result = new double[y.Length];
                for (int t = 1; t <= y.Length; t++)
                {
                    s = (1 - beta) * y[t - 1] + beta * s;
                    if (corrected) s /= 1 - Math.Pow(beta, t);
                    result[t - 1] = s;
                }
                return result;
            }, SeededDraw.All), "the same, with bias correction", "biasCorrection: true", "S_2: PyTorch");
        yield return Mistake("step lr: counting epochs from 1",
            () => Catalog.StepLr.CheckWith((lr, e, size, gamma) => lr * Math.Pow(gamma, (e + 1) / size), SeededDraw.All),
            "the course's StepLR", "epoch: 49,", "lr at epoch 49: PyTorch 0.1, yours 0.05");
        yield return Mistake("multistep lr: a repeated milestone counted once",
            () => Catalog.MultiStepLr.CheckWith((lr, e, milestones, gamma) => lr * Math.Pow(gamma, milestones.Distinct().Count(m => m <= e)), SeededDraw.All),
            "a milestone listed twice", "milestones: [20, 20, 50]", "lr at epoch 20: PyTorch 0.025, yours 0.05");
        yield return Mistake("exponential lr: γ^(epoch+1)",
            () => Catalog.ExponentialLr.CheckWith((lr, e, gamma) => lr * Math.Pow(gamma, e + 1), SeededDraw.All),
            "the course's ExponentialLR", "epoch: 0,", "lr at epoch 0: PyTorch 0.1, yours 0.09");
        yield return Mistake("model demo: TorchSharp 0.107's nn.init.xavier_normal_ (it samples a uniform distribution)",
            () => Catalog.ModelDemo.CheckWith(() =>
            {
                var (l1, l2, l3) = (nn.Linear(3, 3), nn.Linear(3, 2), nn.Linear(2, 2));
                nn.init.xavier_normal_(l1.weight!);
                nn.init.zeros_(l1.bias!);
                nn.init.kaiming_normal_(l2.weight!, nonlinearity: nn.init.NonlinearityType.ReLU);
                nn.init.zeros_(l2.bias!);
                return nn.Sequential(l1, nn.Sigmoid(), l2, nn.ReLU(), l3, nn.Softmax(-1));
            }, SeededDraw.All), "the course's train()", "BuildModelDemo()", "parameter 0 (0.weight, PyTorch's linear1.weight)[0, 0]: PyTorch");
        yield return Mistake("parameter count: the course's answer hard-coded",
            () => Catalog.ParameterCount.CheckWith((sizes, bias) => 26, SeededDraw.All),
            "ModelDemo without biases", "CountParameters([3, 3, 2, 2], bias: false)", "parameters: PyTorch 19, yours 26");
    }

    private static TestCaseData Mistake(string name, Func<IReadOnlyList<CaseOutcome>> check, string caseName, string call, string says) =>
        new TestCaseData(check, caseName, call, says).SetName("A mistake is caught: " + name);

    [TestCaseSource(nameof(Mistakes))]
    public void AMistakeIsCaughtWithTheDifferingValueNamed(Func<IReadOnlyList<CaseOutcome>> check, string caseName, string call, string says)
    {
        var outcomes = check();
        var failed = outcomes.FirstOrDefault(o => o.Verdict != Verdict.Passed);
        Assert.That(failed, Is.Not.Null, "every case passed");
        Assert.That(failed!.Verdict, Is.EqualTo(Verdict.Failed));
        Assert.That(failed.Name, Does.Contain(caseName), "the first case to catch it");
        Assert.That(failed.Detail, Does.Contain(call), "the line shows the call with its inputs");
        Assert.That(failed.Detail, Does.Contain(says), "the line names PyTorch's value and the learner's");
        Assert.That(failed.Detail, Does.Not.Contain("   at "), "no stack trace");
        // Far outside the tolerance (≥ 100× the allowed difference; NaN counts as infinitely far), so the
        // bound separates mistakes from rounding with room on both sides; integers compare exactly (no ratio).
        if (failed.WorstRatio is { } ratio) Assert.That(ratio, Is.GreaterThanOrEqualTo(100), "|Δ|/allowed of the first difference");
    }

    [Test]
    public void AHardCodedAnswerFailsOnTheDrawnSeeds()
    {
        // The course's own cases right, every seeded case answered with the course's values: the drawn seeds fail it.
        var courseOnly = Catalog.ExponentialLr.CheckWith((lr, e, gamma) => gamma == 0.9 || gamma == 0.95 || gamma == 0.5 ? lr * Math.Pow(gamma, e) : 0.1 * Math.Pow(0.9, e), SeededDraw.Default);
        var (cases, _) = ExerciseList.CasesOf("4.4-exponential-lr");
        Assert.That(courseOnly.Take(cases.Count).All(o => o.Verdict == Verdict.Passed));
        Assert.That(courseOnly.Skip(cases.Count).ToList(), Has.Count.EqualTo(2).And.All.Property(nameof(CaseOutcome.Verdict)).EqualTo(Verdict.Failed));
        // The draw varies from run to run: over 20 draws more than one pair of seeds comes up.
        var (_, seeded) = ExerciseList.CasesOf("4.4-exponential-lr");
        var pairs = Enumerable.Range(0, 20).Select(_ => string.Join(" | ", SeededDraw.Default.From(seeded).Select(c => c.GetProperty("name").GetString()))).Distinct();
        Assert.That(pairs.Count(), Is.GreaterThan(1));
    }

    [Test]
    public void HintsComeOneAtATimeInBothLanguagesAndStartOver()
    {
        string state = Scratch();
        var info = ExerciseList.All.Single(e => e.Id == "3.3.3-momentum-step");
        for (int n = 1; n <= info.Hints.Count + 1; n++)
        {
            var (exit, stdout, stderr) = RunCli(state, ["3.3.3-momentum-step", "--hint"]);
            int expected = (n - 1) % info.Hints.Count + 1;
            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.StartWith($"3.3.3-momentum-step hint {expected} of {info.Hints.Count}"));
            Assert.That(stdout, Does.Contain(info.Hints[expected - 1].Zh).And.Contain(info.Hints[expected - 1].En));
            Assert.That(stdout.Contains("That was the last hint", StringComparison.Ordinal), Is.EqualTo(expected == info.Hints.Count));
        }
    }

    [TestCase("unknown exercise 'momentum'", "momentum")]
    [TestCase("did you mean 3.3.3-momentum-step?", "3.3.3")]
    [TestCase("unknown option '--hints'", "3.3.3-momentum-step", "--hints")]
    [TestCase("--hint needs an exercise", "--hint")]
    [TestCase("one exercise at a time", "4.2-step-lr", "4.4-exponential-lr")]
    public void BadInputIsOneLineOnStderrAndExit2(string mentions, params string[] args)
    {
        var (exit, stdout, stderr) = RunCli(Scratch(), args);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: ").And.Contain(mentions));
    }

    [Test]
    public void TheStubsAsShippedFailCleanlyInTheBuiltExecutable()
    {
        var stubs = ExerciseList.All.Where(e => IsShippedStub(File.ReadAllText(Path.Combine(RepositoryRoot, e.File)))).ToList();
        var watch = Stopwatch.StartNew();
        var (exit, stdout, stderr) = RunExecutable([]);
        TestContext.Out.WriteLine($"all exercises, stub build: {watch.ElapsedMilliseconds} ms");
        Assert.That(exit, Is.EqualTo(stubs.Count == ExerciseList.All.Count ? 1 : exit), stderr);
        Assert.That(stderr, Is.Empty);
        foreach (var stub in stubs)
            Assert.That(stdout, Does.Match($@"· {Regex.Escape(stub.Id)} +not yet \(not written\)"), stub.Id);
        Assert.That(stdout, Does.Not.Contain("   at ").And.Not.Contain("Exception:"), "no stack trace");

        var one = stubs.FirstOrDefault(s => s.Id == "3.3.3-momentum-step") ?? stubs.FirstOrDefault();
        if (one is null) Assert.Ignore("every exercise is written in this copy: no stub to run");
        watch.Restart();
        (exit, stdout, stderr) = RunExecutable([one!.Id]);
        TestContext.Out.WriteLine($"one exercise, stub build: {watch.ElapsedMilliseconds} ms");
        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Is.Empty);
        Assert.That(stdout.TrimEnd().Split('\n'), Has.Length.EqualTo(2), "the title line and the 'not written yet' line");
        Assert.That(stdout, Does.Contain($"not written yet: {one.Function} in {one.File} still throws NotImplementedException"));
        Assert.That(stdout, Does.Not.Contain("   at "), "no stack trace");
    }

    private static (int Exit, string Out, string Err) RunCli(string state, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr, state);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The hostile review's cases: a full stdout is one line and exit 1 (it was an unhandled exception, exit 134); typed
    /// control characters are shown escaped on one line; a long id is cut; --hint twice is refused.
    /// </summary>
    [Test]
    public void TheCheckerKeepsTheOneLineContract()
    {
        var full = RunExecutable(["3.3.3-momentum-step"], stdoutTo: "/dev/full");
        Assert.That((full.Exit, full.Err.TrimEnd('\n').Split('\n').Length), Is.EqualTo((1, 1)), full.Err);
        Assert.That(full.Err, Does.StartWith("error: cannot write the output"));
        var control = RunExecutable(["3.3\u001b[31m\n\u0007bad"]);
        Assert.That((control.Exit, control.Err.TrimEnd('\n').Split('\n').Length), Is.EqualTo((2, 1)), control.Err);
        Assert.That(control.Err, Does.Contain("\\e[31m\\n\\u0007bad").And.Not.Contain("\u001b"));
        var longId = RunExecutable([new string('x', 100_000)]);
        Assert.That(longId.Err.Length, Is.LessThan(1_000));
        var twice = RunExecutable(["3.3.3-momentum-step", "--hint", "--hint"]);
        Assert.That((twice.Exit, twice.Err), Is.EqualTo((2, "error: --hint given twice; give each option once\n")));
    }

    /// <summary>The exercises executable that `dotnet build Chapter4.sln` built (the stubs as shipped), in this test's configuration.</summary>
    private static (int Exit, string Out, string Err) RunExecutable(string[] args, string? stdoutTo = null)
    {
        string configuration = new DirectoryInfo(TestContext.CurrentContext.TestDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        string dll = Path.Combine(RepositoryRoot, "exercises", "bin", configuration, "net10.0", "Chapter4.Exercises.dll");
        Assert.That(dll, Does.Exist, "build the solution first: dotnet build Chapter4.sln");
        // Through /bin/sh when stdout goes to a file of the test's choosing (/dev/full).
        var start = stdoutTo is null
            ? new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }
            : new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (stdoutTo is not null) start.ArgumentList.Add("-c");
        if (stdoutTo is not null) start.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" > {stdoutTo}");
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["CHAPTER4_EXERCISES_STATE"] = Scratch();
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the exercises executable did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout, stderrTask.Result);
    }

    private static readonly List<string> ScratchDirectories = [];

    /// <summary>A fresh folder for the hint record, removed after the fixture.</summary>
    private static string Scratch()
    {
        string dir = Path.Combine(Path.GetTempPath(), "chapter4-exercises-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        lock (ScratchDirectories) ScratchDirectories.Add(dir);
        return dir;
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        lock (ScratchDirectories)
        {
            foreach (string dir in ScratchDirectories.Where(Directory.Exists)) Directory.Delete(dir, recursive: true);
            ScratchDirectories.Clear();
        }
    }
}
