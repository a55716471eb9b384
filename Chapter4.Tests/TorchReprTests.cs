using Chapter4.Harness;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// Expected strings are what Python 3.11 / PyTorch 1.13 printed for the same values (run by hand,
/// recorded here as literals; the commands are in each case's comment). Exact string equality.
/// </summary>
public class TorchReprTests
{
    // python3 -c "print(repr(v))"
    [TestCase(0.1, "0.1")]
    [TestCase(1e-05, "1e-05")]
    [TestCase(1e16, "1e+16")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(123456789.123, "123456789.123")]
    [TestCase(2.5e-05, "2.5e-05")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(-3.0, "-3.0")]
    [TestCase(1.0 / 3, "0.3333333333333333")]
    [TestCase(5e-324, "5e-324")]
    public void PythonFloatRepr(double value, string python) => Assert.That(PyFormat.Repr(value), Is.EqualTo(python));

    // python3 -c "print('{:.4f}'.format(v), '{:.4e}'.format(v), '{:.2f}'.format(v))": ties round half to even
    [TestCase(1.0 / 32, "0.0312", "3.1250e-02", "0.03")]
    [TestCase(0.125, "0.1250", "1.2500e-01", "0.12")]
    [TestCase(2.5, "2.5000", "2.5000e+00", "2.50")]
    [TestCase(0.00005, "0.0001", "5.0000e-05", "0.00")]
    [TestCase(1234.56785, "1234.5678", "1.2346e+03", "1234.57")]
    public void PythonFixedAndScientific(double value, string f4, string e4, string f2)
    {
        Assert.That(PyFormat.Fixed(value, 4), Is.EqualTo(f4));
        Assert.That(PyFormat.Scientific(value, 4), Is.EqualTo(e4));
        Assert.That(PyFormat.Fixed(value, 2), Is.EqualTo(f2));
    }

    [Test]
    public void ThousandsSeparator() => Assert.That(PyFormat.Thousands(1234567), Is.EqualTo("1,234,567"));

    private static IEnumerable<TestCaseData> Tensors()
    {
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new float[] { 1e-5f, 1f })), "tensor([1.0000e-05, 1.0000e+00])").SetName("scientific when min < 1e-4");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new float[] { 1f, 2f })), "tensor([1., 2.])").SetName("integer mode");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new float[] { -0.5f, 1f / 32, 100f })), "tensor([-5.0000e-01,  3.1250e-02,  1.0000e+02])").SetName("scientific when max/min > 1000, padded");
        yield return new TestCaseData((Func<Tensor>)(() => arange(30f) / 7), string.Join('\n',
            "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,",
            "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,",
            "        2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,",
            "        3.8571, 4.0000, 4.1429])")).SetName("wraps at 80 columns");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new long[] { 1, 2, 30, 4 }).reshape(2, 2)), "tensor([[ 1,  2],\n        [30,  4]])").SetName("int64 matrix");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new[] { true, false })), "tensor([ True, False])").SetName("bool");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new double[] { 1.5, 2.0 })), "tensor([1.5000, 2.0000], dtype=torch.float64)").SetName("float64 suffix");
        yield return new TestCaseData((Func<Tensor>)(() => zeros(2, 2, 2)), "tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])").SetName("3-d with blank line");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new float[] { float.NaN, 1f, float.PositiveInfinity })), "tensor([nan, 1., inf])").SetName("non-finite");
        yield return new TestCaseData((Func<Tensor>)(() => tensor(new float[] { 0.1f, 2f }, requires_grad: true)), "tensor([0.1000, 2.0000], requires_grad=True)").SetName("leaf requiring grad");
    }

    [TestCaseSource(nameof(Tensors))]
    public void TensorReprMatchesPyTorch(Func<Tensor> make, string pytorch)
    {
        using var t = make();
        Assert.That(TorchRepr.Str(t), Is.EqualTo(pytorch));
    }

    [Test]
    public void GradFnSuffix()
    {
        using var x = tensor(2.5f, requires_grad: true);
        using var y = x * 2;
        // python: repr(torch.tensor(2.5, requires_grad=True) * 2)
        Assert.That(TorchRepr.Str(new GradFnTensor(y, "MulBackward0")), Is.EqualTo("tensor(5., grad_fn=<MulBackward0>)"));
    }

    [Test]
    public void SizeAndDtype()
    {
        Assert.That(TorchRepr.Str(new long[] { 5, 3 }), Is.EqualTo("torch.Size([5, 3])"));
        Assert.That(TorchRepr.Str(ScalarType.Int64), Is.EqualTo("torch.int64"));
        Assert.That(TorchRepr.Str(ScalarType.Float32), Is.EqualTo("torch.float32"));
    }
}
