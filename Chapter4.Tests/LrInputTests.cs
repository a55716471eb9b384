using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>Bad schedule settings: one line on stderr naming the knob, exit 2, nothing computed.</summary>
[TestOf("the learning-rate schedule lessons' knobs")]
public class LrInputTests
{
    [TestCase("0")]
    [TestCase("-5")]
    public void StepSizeBelowOne(string value) => CliAssert.RejectedBeforeRunning($"--step-size {value} is out of range: expected integer >= 1", "lr-step", "--step-size", value);

    [TestCase("lr-step", "0")]
    [TestCase("lr-multistep", "-0.5")]
    [TestCase("lr-exponential", "0")]
    public void GammaNotPositive(string lesson, string value) => CliAssert.RejectedBeforeRunning($"--gamma {value} is out of range: expected number > 0", lesson, "--gamma", value);

    [Test]
    public void MilestonesEmpty() => CliAssert.RejectedBeforeRunning("--milestones: '' is not valid", "lr-multistep", "--milestones", "");

    [Test]
    public void MilestonesUnsorted() => CliAssert.RejectedBeforeRunning("--milestones 100,50: must be strictly increasing", "lr-multistep", "--milestones", "100,50");

    [Test]
    public void MilestonesRepeated() => CliAssert.RejectedBeforeRunning("--milestones 50,50,100: must be strictly increasing (no repeats)", "lr-multistep", "--milestones", "50,50,100");

    [TestCase("--epochs")]
    [TestCase("--iterations")]
    public void EpochsOrIterationsBelowOne(string knob) => CliAssert.RejectedBeforeRunning($"{knob} 0 is out of range: expected integer >= 1", "lr-exponential", knob, "0");

    [TestCase("0")]
    [TestCase("-0.1")]
    public void LearningRateNotPositive(string value) => CliAssert.RejectedBeforeRunning($"--lr {value} is out of range: expected number > 0", "lr-step", "--lr", value);

    [Test]
    public void NotANumber() => CliAssert.RejectedBeforeRunning("--lr: 'fast' is not valid; expected number > 0", "lr-step", "--lr", "fast");
}
