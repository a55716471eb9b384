using Chapter4.Printing;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// Expected strings are what Python 3.11 / PyTorch 1.13 printed for the same values (run by hand,
/// recorded here as literals; the commands are in each case's comment). Exact string equality.
/// </summary>
[TestOf(typeof(Chapter4.Printing.TorchRepr))]
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

    // python3 -c "print('{:.4g}'.format(v))"
    [TestCase(1e308, "1e+308")]
    [TestCase(0.001, "0.001")]
    [TestCase(0.5, "0.5")]
    [TestCase(2.0, "2")]
    [TestCase(123456.0, "1.235e+05")]
    [TestCase(0.00012345, "0.0001234")]
    [TestCase(1.0 / 3, "0.3333")]
    public void PythonGeneral(double value, string python) => Assert.That(PyFormat.General(value, 4), Is.EqualTo(python));

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

    // Above torch.set_printoptions' threshold (1000 elements) PyTorch prints 3 edge items per
    // dimension; the widths come from the shown elements only. Recorded with python3 -c
    // "import torch; print(repr(torch.arange(0, 2000, dtype=torch.float32).reshape(400, 5) / 7))" and
    // "print(repr(torch.arange(0, 1024).reshape(8, 8, 16)))".
    [Test]
    public void LargeTensorsPrintAbbreviatedAsPyTorchDoes()
    {
        using var matrix = torch.arange(0, 2000, dtype: ScalarType.Float32).reshape(400, 5) / 7;
        Assert.That(TorchRepr.Tensor(matrix, null), Is.EqualTo("""
tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01, 4.2857e-01, 5.7143e-01],
        [7.1429e-01, 8.5714e-01, 1.0000e+00, 1.1429e+00, 1.2857e+00],
        [1.4286e+00, 1.5714e+00, 1.7143e+00, 1.8571e+00, 2.0000e+00],
        ...,
        [2.8357e+02, 2.8371e+02, 2.8386e+02, 2.8400e+02, 2.8414e+02],
        [2.8429e+02, 2.8443e+02, 2.8457e+02, 2.8471e+02, 2.8486e+02],
        [2.8500e+02, 2.8514e+02, 2.8529e+02, 2.8543e+02, 2.8557e+02]])
"""));
        using var cube = torch.arange(0, 1024, dtype: ScalarType.Int64).reshape(8, 8, 16);
        Assert.That(TorchRepr.Tensor(cube, null), Is.EqualTo("""
tensor([[[   0,    1,    2,  ...,   13,   14,   15],
         [  16,   17,   18,  ...,   29,   30,   31],
         [  32,   33,   34,  ...,   45,   46,   47],
         ...,
         [  80,   81,   82,  ...,   93,   94,   95],
         [  96,   97,   98,  ...,  109,  110,  111],
         [ 112,  113,  114,  ...,  125,  126,  127]],

        [[ 128,  129,  130,  ...,  141,  142,  143],
         [ 144,  145,  146,  ...,  157,  158,  159],
         [ 160,  161,  162,  ...,  173,  174,  175],
         ...,
         [ 208,  209,  210,  ...,  221,  222,  223],
         [ 224,  225,  226,  ...,  237,  238,  239],
         [ 240,  241,  242,  ...,  253,  254,  255]],

        [[ 256,  257,  258,  ...,  269,  270,  271],
         [ 272,  273,  274,  ...,  285,  286,  287],
         [ 288,  289,  290,  ...,  301,  302,  303],
         ...,
         [ 336,  337,  338,  ...,  349,  350,  351],
         [ 352,  353,  354,  ...,  365,  366,  367],
         [ 368,  369,  370,  ...,  381,  382,  383]],

        ...,

        [[ 640,  641,  642,  ...,  653,  654,  655],
         [ 656,  657,  658,  ...,  669,  670,  671],
         [ 672,  673,  674,  ...,  685,  686,  687],
         ...,
         [ 720,  721,  722,  ...,  733,  734,  735],
         [ 736,  737,  738,  ...,  749,  750,  751],
         [ 752,  753,  754,  ...,  765,  766,  767]],

        [[ 768,  769,  770,  ...,  781,  782,  783],
         [ 784,  785,  786,  ...,  797,  798,  799],
         [ 800,  801,  802,  ...,  813,  814,  815],
         ...,
         [ 848,  849,  850,  ...,  861,  862,  863],
         [ 864,  865,  866,  ...,  877,  878,  879],
         [ 880,  881,  882,  ...,  893,  894,  895]],

        [[ 896,  897,  898,  ...,  909,  910,  911],
         [ 912,  913,  914,  ...,  925,  926,  927],
         [ 928,  929,  930,  ...,  941,  942,  943],
         ...,
         [ 976,  977,  978,  ...,  989,  990,  991],
         [ 992,  993,  994,  ..., 1005, 1006, 1007],
         [1008, 1009, 1010,  ..., 1021, 1022, 1023]]])
"""));
    }
}
