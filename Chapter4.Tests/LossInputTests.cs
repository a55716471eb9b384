using Chapter4.Harness;
using Chapter4.Models;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>Bad loss inputs are caught before libtorch: one line and exit 2 on the command line, ArgumentException in code.</summary>
[TestOf(typeof(Chapter4.Models.LossChecks))]
public class LossInputTests
{
    [Test]
    public void ClassIndexOutOfRange() =>
        CliAssert.Rejected("class index 3 is out of range for 3 classes (0..2)", "loss-ce", "--y-true", "1,3");

    [Test]
    public void NegativeClassIndex() =>
        CliAssert.Rejected("class index -1 is out of range", "loss-ce", "--y-true", "-1,2");

    [Test]
    public void ClassIndexNotIntegral() =>
        CliAssert.Rejected("class index 1.5 is not a whole number", "loss-ce", "--y-true", "1.5,2");

    [Test]
    public void CrossEntropyTargetCountMismatch() =>
        CliAssert.Rejected("class-index target must have shape [2]", "loss-ce", "--y-true", "1,2,0");

    [Test]
    public void OneHotShapeMismatch() =>
        CliAssert.Rejected("probability target must have the prediction's shape [2, 3], got [2, 2]", "loss-ce", "--target", "onehot", "--y-true", "0,1;1,0");

    [Test]
    public void RaggedPrediction() =>
        CliAssert.Rejected("--y-pred: every row needs the same number of values", "loss-ce", "--y-pred", "0.1,0.9;0.5");

    [TestCase("loss-mae", "L1Loss")]
    [TestCase("loss-mse", "MSELoss")]
    [TestCase("loss-smoothl1", "SmoothL1Loss")]
    [TestCase("loss-bce", "BCELoss")]
    public void RegressionShapeMismatch(string lesson, string loss) =>
        CliAssert.Rejected($"{loss}: prediction [2] and target [3] must have the same shape", lesson, "--y-pred", "0.5,0.5");

    [TestCase("1.2")]
    [TestCase("-0.1")]
    public void BcePredictionOutsideZeroOne(string bad) =>
        CliAssert.Rejected("BCELoss: predictions must be probabilities in [0, 1]", "loss-bce", "--y-pred", $"0.5,{bad},0.5");

    [Test]
    public void NegativeBeta() => CliAssert.Rejected("--beta -1 is out of range: expected number >= 0", "loss-smoothl1", "--beta", "-1");

    [Test]
    public void UnknownReduction() => CliAssert.Rejected("--reduction: 'avg' is not valid; expected none|mean|sum", "loss-mse", "--reduction", "avg");

    [Test]
    public void TheLibraryThrowsArgumentExceptionWithTheSameMessage()
    {
        using var pred = tensor(new float[] { 0.1f, 0.8f, 0.1f }).reshape(1, 3);
        using var target = tensor(new long[] { 5 });
        var e = Assert.Throws<LessonInputException>(() => LossChecks.CrossEntropy(pred, target))!;
        Assert.That(e, Is.InstanceOf<ArgumentException>());
        Assert.That(e.Message, Is.EqualTo("CrossEntropyLoss: class index 5 is out of range for 3 classes (0..2)"));

        using var p = tensor(new float[] { 1.5f });
        using var y = tensor(new float[] { 1f });
        Assert.Throws<LessonInputException>(() => LossChecks.BinaryCrossEntropy(p, y));
        Assert.Throws<LessonInputException>(() => LossChecks.SameShape("MSELoss", p, tensor(new float[] { 1f, 2f })));
    }
}
