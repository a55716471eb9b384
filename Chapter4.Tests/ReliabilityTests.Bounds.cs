using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Values beyond float32 and the bounds on work: refused before anything runs, with the bound in the message.</summary>
public partial class ReliabilityTests
{
    // ---- Values beyond float32, and bounded work ----

    [TestCase("momentum", "--lr", "1e308")]
    [TestCase("gd-variants", "--lr", "1e39")]
    [TestCase("optimizer-compare", "--lr", "1e39")]
    [TestCase("lr-compare", "--lr", "1e39")]
    [TestCase("optimizer-paths", "--lr", "1e39")]
    [TestCase("loss-mse", "--y-pred", "1e308,1,1")]
    [TestCase("loss-mse", "--y-true", "1,-1e39,1")]
    [TestCase("lr-step", "--gamma", "1e300")]
    public void ValuesBeyondFloat32AreBadInput(params string[] args) =>
        CliAssert.RejectedBeforeRunning("outside float32's finite range", args);

    [Test]
    public void ALearningRateThatWouldGrowBeyondFloat32IsBadInput() =>
        CliAssert.RejectedBeforeRunning("beyond float32's range", "lr-exponential", "--gamma", "1e10", "--epochs", "50");

    [Test]
    public void NaNInAListSaysItMustBeFinite() =>
        CliAssert.RejectedBeforeRunning("must be a finite number", "loss-mse", "--y-pred", "1,nan,2");

    // Checked before the first print (issue 20, 3): bad input leaves stdout empty, with --json too.
    [TestCase("must be in [0, 1]", "loss-bce", "--y-true", "0,2,0")]
    [TestCase("must be in [0, 1]", "loss-bce", "--y-true", "0,2,0", "--json")]
    [TestCase("predictions must be probabilities", "loss-bce", "--y-pred", "0.5,1.5,0.5")]
    [TestCase("class index 1e+20 is out of range", "loss-ce", "--y-true", "1e20,2")]
    [TestCase("class index 3 is out of range", "loss-ce", "--y-true", "0,3", "--json")]
    [TestCase("is not a whole number", "loss-ce", "--y-true", "0.5,1")]
    [TestCase("every row is one-hot", "loss-ce", "--target", "onehot", "--y-true", "0,2,0;1,0,0")]
    [TestCase("must have the same shape", "loss-mse", "--y-true", "1,2", "--json")]
    [TestCase("class index 5 is out of range", "logits", "--y-true", "1,5", "--json")]
    public void LossTargetsAreCheckedBeforeAnythingPrints(string mentions, params string[] args) => CliAssert.RejectedBeforeRunning(mentions, args);

    [Test]
    public void AnUnusablePlotsFolderIsFoundBeforeTheLessonPrints()
    {
        Skip.Unless(Directory.Exists("/proc/self"), "no /proc here");
        // /proc refuses new folders even to root, as a read-only current folder refuses them to a user.
        var r = CliAssert.Run("ewma", "--json", "--plots-dir", "/proc/chapter4-plots");
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(2), r.Err);
            Assert.That(r.Err, Does.Contain("plots folder"));
            Assert.That(r.Out, Is.Empty);
        });
    }

    private sealed class FailsOnceRunning : Lesson
    {
        public override string Id => "fails-once-running";
        public override Chapter4.Course.CourseSection Section => Chapter4.Course.CourseOutline.BuildModel;
        public override string Description => "prints, then finds bad input";
        public override void Run(LessonContext ctx)
        {
            ctx.Print("started");
            throw new LessonInputException("found too late");
        }
    }

    [Test]
    public void BadInputFoundAfterTheLessonStartedIsAFailureWhileRunning()
    {
        var output = new StringWriter();
        LessonOutcome outcome = LessonRunner.Run(new FailsOnceRunning(), new RunOptions(), output);
        Assert.That(output.ToString(), Does.Contain("started"));
        Assert.That(outcome.ExitCode, Is.EqualTo(1), "exit 2 promises that nothing ran");
    }

    [TestCase("<= 100000", "momentum", "--steps", "2147483647")]
    [TestCase("<= 100000", "adam", "--steps", "2147483648")]
    [TestCase("<= 300", "optimizer-paths", "--steps", "2147483647")]
    [TestCase("at most 400000", "lr-step", "--epochs", "10000", "--iterations", "10000")]
    [TestCase("<= 10000", "lr-step", "--epochs", "2147483647", "--iterations", "1")]
    [TestCase("at most 250000", "gd-variants", "--epochs", "10000")]
    [TestCase("<= 100000", "gd-variants", "--samples", "50000000")]
    [TestCase("at most 150000", "optimizer-compare", "--epochs", "10000")]
    [TestCase("<= 1500", "lr-compare", "--epochs", "2147483647")]
    [TestCase("<= 100000", "ewma", "--days", "2147483647")]
    [TestCase("at most 10 are allowed", "ewma", "--beta", "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.91,0.92")]
    public void WorkIsBoundedAndTheBoundIsSaid(string bound, params string[] args) => CliAssert.RejectedBeforeRunning(bound, args);

    [Test]
    public void EveryKnobThatScalesWorkHasItsBoundInHelp()
    {
        foreach (var (lesson, knob) in new[] { ("momentum", "--steps"), ("optimizer-paths", "--steps"), ("lr-step", "--epochs"), ("lr-step", "--iterations"),
                     ("gd-variants", "--samples"), ("gd-variants", "--epochs"), ("optimizer-compare", "--epochs"), ("lr-compare", "--epochs"), ("ewma", "--days") })
        {
            string help = CliAssert.Run(lesson, "--help").Out;
            string line = help.Split('\n').Single(l => l.TrimStart().StartsWith(knob + " ", StringComparison.Ordinal));
            Assert.That(line, Does.Contain("<="), $"{lesson} {knob}");
        }
    }

    [Test]
    public void TheBenchScaleIsBounded()
    {
        foreach (string scale in new[] { "1e-300", "100" })
        {
            var r = CliAssert.Run("bench", "--scale", scale);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.StartWith("error: --scale").And.Contain("from 0.001 to 10"));
        }
    }
}
