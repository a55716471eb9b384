using System.Text.Json.Nodes;
using Chapter4.App;
using Chapter4.Harness;
using Chapter4.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>Bad optimizer settings are one line and exit 2; training that diverges stops with a clear message.</summary>
[TestOf("the training lessons' knobs")]
public class OptimizationInputTests
{
    [TestCase("momentum", "0")]
    [TestCase("adagrad", "-0.01")]
    [TestCase("rmsprop", "0")]
    [TestCase("adam", "-1")]
    [TestCase("gd-variants", "0")]
    [TestCase("optimizer-paths", "0")]
    [TestCase("optimizer-compare", "-0.1")]
    public void LearningRateNotPositive(string lesson, string lr) => CliAssert.RejectedBeforeRunning($"--lr {lr} is out of range: expected number > 0", lesson, "--lr", lr);

    [TestCase("1")]
    [TestCase("1.5")]
    [TestCase("-0.1")]
    public void MomentumOutsideZeroOne(string value) => CliAssert.RejectedBeforeRunning($"--momentum {value} is out of range: expected number >= 0 and < 1", "momentum", "--momentum", value);

    [TestCase("--beta1", "1")]
    [TestCase("--beta2", "-0.5")]
    [TestCase("--beta2", "1.01")]
    public void BetasOutsideZeroOne(string knob, string value) => CliAssert.RejectedBeforeRunning($"{knob} {value} is out of range: expected number >= 0 and < 1", "adam", knob, value);

    [TestCase("1.1")]
    [TestCase("-0.01")]
    public void AlphaOutsideZeroOne(string value) => CliAssert.RejectedBeforeRunning($"--alpha {value} is out of range: expected number >= 0 and <= 1", "rmsprop", "--alpha", value);

    [TestCase("momentum")]
    [TestCase("adam")]
    [TestCase("optimizer-paths")]
    public void StepsBelowOne(string lesson) => CliAssert.RejectedBeforeRunning("--steps 0 is out of range: expected integer >= 1", lesson, "--steps", "0");

    [TestCase("optimizer-paths")]
    [TestCase("optimizer-compare")]
    public void UnknownOptimizerName(string lesson) =>
        CliAssert.RejectedBeforeRunning("--optimizers: unknown name 'lbfgs'; valid: sgd, momentum, adagrad, rmsprop, adam", lesson, "--optimizers", "adam,lbfgs");

    [TestCase("optimizer-paths")]
    [TestCase("optimizer-compare")]
    public void AnOptimizerNamedTwice(string lesson) =>
        CliAssert.RejectedBeforeRunning("--optimizers: 'adam,adam' names one twice", lesson, "--optimizers", "adam,adam");

    [Test]
    public void EwmaBetaOutsideZeroOne() => CliAssert.RejectedBeforeRunning("--beta 1 is out of range: expected numbers, comma-separated, each >= 0 and < 1", "ewma", "--beta", "0.9,1");

    [Test]
    public void BatchLargerThanDataSet() => CliAssert.RejectedBeforeRunning("--batch-size 200 is larger than --samples 100", "gd-variants", "--batch-size", "200");

    [Test]
    public void DivergenceStopsTrainingNamingEpochStepAndRateAndKeepsResults()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(["gd-variants", "--lr", "10", "--no-plots", "--json"], stdout, stderr);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.ToString().TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        // All three diverge at lr 10: one line names them and gives the first one's epoch, step and rate once.
        Assert.That(stderr.ToString(), Does.Match(@"3 of 3 runs diverged \(BGD, SGD, mini-batch\); the first, BGD: the loss became (inf|nan|-inf) at epoch \d+, step \d+ \(learning rate 10\.0\)"));
        var json = JsonNode.Parse(stdout.ToString())!;
        Assert.That(json["error"]?.ToString(), Does.Contain("runs diverged"));
        // What was computed before the divergence is still reported.
        Assert.That(json["results"]!["variants"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public void RunsThatFinishAreKeptWhenOthersDiverge()
    {
        // Seed 0, one lr 20 for all: SGD and momentum blow up on every seed; AdaGrad, RMSProp and Adam finish.
        var r = CliAssert.Run("optimizer-compare", "--lr", "20", "--no-plots", "--json");
        Assert.That(r.Exit, Is.EqualTo(1));
        Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Err, Does.Contain("6 of 15 runs diverged (seeds 0–2: sgd, momentum); the first, sgd seed 0: the loss became").And.Contain("(learning rate 20.0)"));
        var kept = JsonNode.Parse(r.Out)!["results"]!["optimizers"]!.AsArray().Select(o => (string)o!["name"]!);
        Assert.That(kept, Is.EqualTo(new[] { "adagrad", "rmsprop", "adam" }));
    }

    [Test]
    public void TrainingDoesNotGrowTheLiveTensorCount()
    {
        // TrainingLoop.Fit disposes every step's tensors: the live count after 10 epochs equals the count after 1.
        torch.manual_seed(0);
        var x = torch.randn(64, 4);
        var y = torch.randn(64, 1);
        var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1));
        var optimizer = torch.optim.Adam(model.parameters(), 0.01);
        var ctx = new LessonContext(TextWriter.Null, null, torch.CPU, 0);
        var criterion = nn.MSELoss();
        TrainingLoop.Fit(ctx, model.call, criterion.call, optimizer, x, y, epochs: 1, batchSize: 8);
        long afterOne = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        TrainingLoop.Fit(ctx, model.call, criterion.call, optimizer, x, y, epochs: 20, batchSize: 8);
        long afterMany = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.That(afterMany, Is.EqualTo(afterOne), "160 more steps left tensors alive");
    }
}
