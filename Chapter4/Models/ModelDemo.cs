using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>How ModelDemo's weights start: the course's Xavier/Kaiming init with zero biases, or nn.Linear's own default.</summary>
public enum ModelDemoInit { Course, PyTorchDefault }

/// <summary>
/// The course's ModelDemo: 3 inputs → hidden 3 (sigmoid) → hidden 2 (ReLU) → 2 outputs (softmax).
/// Field names are the parameter names PyTorch uses: linear1.weight, …, output.bias.
/// </summary>
public sealed class ModelDemo : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// The seed the model lessons start from. Seed 0 builds a network whose two linear2 ReLU units are dead for every
    /// input (identical output rows, and every gradient below them 0); seed 1 is the smallest seed with no dead unit
    /// (checked with PyTorch over seeds 0–11).
    /// </summary>
    public const long FirstLiveSeed = 1;

#pragma warning disable IDE1006 // names match the Python attributes, so state_dict keys match too
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly Linear output;
#pragma warning restore IDE1006

    public ModelDemo(ModelDemoInit init = ModelDemoInit.Course) : base(nameof(ModelDemo))
    {
        linear1 = nn.Linear(3, 3);
        linear2 = nn.Linear(3, 2);
        output = nn.Linear(2, 2);
        if (init == ModelDemoInit.Course)
        {
            Init.XavierNormal(linear1.weight!);
            Init.Zeros(linear1.bias!);
            Init.KaimingNormal(linear2.weight!, Nonlinearity.Relu);
            Init.Zeros(linear2.bias!);
        }
        RegisterComponents();
    }

    /// <summary>Sets every linear2 bias (e.g. a small positive one, so no ReLU unit starts dead).</summary>
    public void FillLinear2Bias(double value)
    {
        using (torch.no_grad()) linear2.bias!.fill_(value);
    }

    /// <summary>The linear2 ReLU units' outputs for a batch: a column of zeros is a unit off for these inputs.</summary>
    public Tensor Linear2Activations(Tensor x) => nn.functional.relu(linear2.call(torch.sigmoid(linear1.call(x))));

    /// <summary>
    /// The largest pre-activation each linear2 unit can reach, b + Σ max(w_i, 0): its inputs are sigmoid outputs, each in
    /// [0, 1] (in float32 sigmoid reaches 0 and 1 exactly), so w·h + b is largest with h_i = 1 where w_i &gt; 0 and 0 elsewhere.
    /// At most 0: the unit is dead for every input (ReLU gives 0 whatever x is). Above 0: it fires for some h, and for
    /// some input x too when linear1.weight is invertible (then sigmoid(linear1(x)) reaches every h in (0, 1)³).
    /// </summary>
    public static double[] Linear2Reach(double[] weight, double[] bias)
    {
        int inputs = weight.Length / bias.Length;
        return Enumerable.Range(0, bias.Length).Select(j => bias[j] + Enumerable.Range(0, inputs).Sum(i => Math.Max(weight[j * inputs + i], 0))).ToArray();
    }

    /// <inheritdoc cref="Linear2Reach(double[], double[])"/>
    public double[] Linear2Reach() => Linear2Reach(Values(linear2.weight!), Values(linear2.bias!));

    /// <summary>|det linear1.weight| &gt; 0: linear1(x) then takes every value in ℝ³, and sigmoid(linear1(x)) every h in (0, 1)³.</summary>
    public bool Linear1Invertible()
    {
        double[] w = Values(linear1.weight!);
        double det = w[0] * (w[4] * w[8] - w[5] * w[7]) - w[1] * (w[3] * w[8] - w[5] * w[6]) + w[2] * (w[3] * w[7] - w[4] * w[6]);
        return double.IsFinite(det) && det != 0;
    }

    private static double[] Values(Tensor t) => t.detach().to(torch.CPU).to_type(ScalarType.Float64).data<double>().ToArray();

    public override Tensor forward(Tensor x)
    {
        x = torch.sigmoid(linear1.call(x));
        x = nn.functional.relu(linear2.call(x));
        x = torch.softmax(output.call(x), dim: -1);
        return x;
    }
}
