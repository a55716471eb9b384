using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Bad schedule settings: one line on stderr naming the knob, exit 2, nothing computed.</summary>
public class LrInputTests
{
    private static void AssertRejected(string mentions, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run([.. args, "--no-plots"], stdout, stderr);
        Assert.That(exit, Is.EqualTo(2), stderr.ToString());
        Assert.That(stderr.ToString().TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain(mentions));
        Assert.That(stdout.ToString(), Is.Empty, "nothing should run with bad settings");
    }

    [TestCase("0")]
    [TestCase("-5")]
    public void StepSizeBelowOne(string value) => AssertRejected($"--step-size {value} is out of range: expected integer >= 1", "lr-step", "--step-size", value);

    [TestCase("lr-step", "0")]
    [TestCase("lr-multistep", "-0.5")]
    [TestCase("lr-exponential", "0")]
    public void GammaNotPositive(string lesson, string value) => AssertRejected($"--gamma {value} is out of range: expected number > 0", lesson, "--gamma", value);

    [Test]
    public void MilestonesEmpty() => AssertRejected("--milestones: '' is not valid", "lr-multistep", "--milestones", "");

    [Test]
    public void MilestonesUnsorted() => AssertRejected("--milestones 100,50: must be strictly increasing", "lr-multistep", "--milestones", "100,50");

    [Test]
    public void MilestonesRepeated() => AssertRejected("--milestones 50,50,100: must be strictly increasing (no repeats)", "lr-multistep", "--milestones", "50,50,100");

    [TestCase("--epochs")]
    [TestCase("--iterations")]
    public void EpochsOrIterationsBelowOne(string knob) => AssertRejected($"{knob} 0 is out of range: expected integer >= 1", "lr-exponential", knob, "0");

    [TestCase("0")]
    [TestCase("-0.1")]
    public void LearningRateNotPositive(string value) => AssertRejected($"--lr {value} is out of range: expected number > 0", "lr-step", "--lr", value);

    [Test]
    public void NotANumber() => AssertRejected("--lr: 'fast' is not valid; expected number > 0", "lr-step", "--lr", "fast");
}
