using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;

namespace Chapter4.Lessons;

/// <summary>
/// 反向传播算法: a 2-2-2 sigmoid network with fixed weights. Every gradient by the chain rule,
/// factor by factor, beside autograd's; then one step W1 = W0 − lr·grad.
/// </summary>
public sealed class BackpropLesson : Lesson
{
    public override string Id => "backprop";
    public override CourseSection Section => CourseOutline.Backpropagation;
    public override string Description => "a 2-2-2 sigmoid network with fixed weights: chain-rule gradients step by step = autograd's; one update W1 = W0 − lr·grad";

    [Knob("lr", "learning rate of the update", Above = 0)]
    public double Lr { get; set; } = 0.5;

    // Inputs, targets, weights and biases of the network (fixed, so the arithmetic can be followed by hand).
    private static readonly double[] Inputs = [0.05, 0.10];
    private static readonly double[] Targets = [0.01, 0.99];
    private static readonly double[] Hidden = [0.15, 0.20, 0.25, 0.30]; // w1..w4: h1 = σ(w1·i1 + w2·i2 + b1), h2 = σ(w3·i1 + w4·i2 + b1)
    private static readonly double[] Output = [0.40, 0.45, 0.50, 0.55]; // w5..w8: o1 = σ(w5·h1 + w6·h2 + b2), o2 = σ(w7·h1 + w8·h2 + b2)
    private const double B1 = 0.35, B2 = 0.60;

    public override void Run(LessonContext ctx)
    {
        // Which weight is which edge, and the learning rate of the update at the end.
        string W(double v) => PyFormat.Fixed(v, 2);
        ctx.Fact("network");
        for (int k = 0; k < 4; k++)
        {
            // h1, h2 from the inputs through w1..w4; o1, o2 from h1, h2 through w5..w8.
            double[] layer = k < 2 ? Hidden : Output;
            int j = k % 2, first = 4 * (k / 2) + 2 * j;
            ctx.Fact("network." + (k < 2 ? "h" : "o") + (j + 1), [($"w{first + 1}", layer[2 * j]), ($"w{first + 2}", layer[2 * j + 1])], W(layer[2 * j]), W(layer[2 * j + 1]));
        }
        ctx.Fact("network.values", [("i1", Inputs[0]), ("i2", Inputs[1]), ("target1", Targets[0]), ("target2", Targets[1]), ("b1", B1), ("b2", B2), ("lr", Lr)],
            W(Inputs[0]), W(Inputs[1]), W(Targets[0]), W(Targets[1]), W(B1), W(B2), PyFormat.Repr(Lr));
        ctx.Note("");

        // Forward pass, by hand.
        double[] h = [Sigmoid(Hidden[0] * Inputs[0] + Hidden[1] * Inputs[1] + B1), Sigmoid(Hidden[2] * Inputs[0] + Hidden[3] * Inputs[1] + B1)];
        double[] o = [Sigmoid(Output[0] * h[0] + Output[1] * h[1] + B2), Sigmoid(Output[2] * h[0] + Output[3] * h[1] + B2)];
        double loss = 0.5 * Math.Pow(Targets[0] - o[0], 2) + 0.5 * Math.Pow(Targets[1] - o[1], 2);
        ctx.Print($"forward: h1 = {F(h[0])}, h2 = {F(h[1])}, o1 = {F(o[0])}, o2 = {F(o[1])}, E = ½Σ(target − o)² = {F(loss)}");

        // Backward, by the chain rule. δo = ∂E/∂o · ∂o/∂net = (o − target)·o·(1 − o).
        double[] deltaO = [(o[0] - Targets[0]) * o[0] * (1 - o[0]), (o[1] - Targets[1]) * o[1] * (1 - o[1])];
        var chain = new double[8];
        ctx.Print("chain rule, output layer: ∂E/∂w = (o − target) · o(1 − o) · h");
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 2; j++)
            {
                int index = 4 + 2 * k + j; // w5, w6 feed o1; w7, w8 feed o2
                chain[index] = deltaO[k] * h[j];
                ctx.Print($"  ∂E/∂w{index + 1} = {F(o[k] - Targets[k])} · {F(o[k] * (1 - o[k]))} · {F(h[j])} = {F(chain[index])}");
            }
        ctx.Print("chain rule, hidden layer: ∂E/∂w = (Σ_k δo_k · w_k) · h(1 − h) · input");
        for (int j = 0; j < 2; j++)
        {
            // Both outputs depend on h_j: through w5/w7 for h1, w6/w8 for h2.
            double back = deltaO[0] * Output[j] + deltaO[1] * Output[2 + j];
            for (int i = 0; i < 2; i++)
            {
                int index = 2 * j + i;
                chain[index] = back * h[j] * (1 - h[j]) * Inputs[i];
                ctx.Print($"  ∂E/∂w{index + 1} = {F(back)} · {F(h[j] * (1 - h[j]))} · {F(Inputs[i])} = {F(chain[index])}");
            }
        }

        // The same network in tensors: autograd computes the same numbers.
        var x = torch.tensor(Inputs.Select(v => (float)v).ToArray());
        var target = torch.tensor(Targets.Select(v => (float)v).ToArray());
        var w_hidden = torch.tensor(Hidden.Select(v => (float)v).ToArray(), [2, 2], requires_grad: true);
        var w_output = torch.tensor(Output.Select(v => (float)v).ToArray(), [2, 2], requires_grad: true);
        var hidden = torch.sigmoid(torch.mv(w_hidden, x) + B1);
        var output = torch.sigmoid(torch.mv(w_output, hidden) + B2);
        var error = 0.5 * (target - output).pow(2).sum();
        error.backward();
        double[] autograd = [.. TensorValues.ToDoubles(w_hidden.grad!), .. TensorValues.ToDoubles(w_output.grad!)];

        ctx.Print("");
        ctx.Print("weight  chain rule   autograd     W0      W1 = W0 − lr·grad");
        double[] w0 = [.. Hidden, .. Output];
        double[] w1 = w0.Select((w, i) => w - Lr * chain[i]).ToArray();
        for (int i = 0; i < 8; i++)
            ctx.Print($"w{i + 1}    {F(chain[i]),10} {F(autograd[i]),10} {PyFormat.Fixed(w0[i], 2),6} {F(w1[i]),10}");

        ctx.Note("");
        // ∂E/∂w1 by its two paths, through o1 (w5) and through o2 (w7): the chain rule adds them.
        double local = h[0] * (1 - h[0]) * Inputs[0];
        double viaO1 = deltaO[0] * Output[0] * local, viaO2 = deltaO[1] * Output[2] * local;
        ctx.Say(Claim.Identity("∂E/∂w1", [chain[0]], "path via o1 + path via o2", [viaO1 + viaO2], 1e-15).Quoting(("via o1", viaO1), ("via o2", viaO2)),
            "two-paths", F(chain[0]), F(viaO1), F(viaO2));
        // The chain rule here runs in float64, autograd in float32: they agree to float32 rounding (≈ 1e-8 on gradients of 0.01–0.1).
        var agree = Claim.Identity("chain rule (float64)", chain, "autograd (float32)", autograd, 1e-7);
        ctx.Say(agree, agree.MaxAbsDiff <= agree.Tolerance ? "autograd-agrees" : "autograd-differs", PyFormat.General(agree.MaxAbsDiff, 2));
        // One step of gradient descent: E at W1 against E at W0.
        double after = Error(w1);
        var step = Claim.Compare("E after the step", after, "E before", loss).Quoting(("lr", Lr));
        ctx.Say(step, step.Relation switch { "<" => "update-lowers", ">" => "update-raises", _ => "update-same" }, PyFormat.Repr(Lr), F(loss), F(after));
        ctx.Result("loss", loss);
        ctx.Result("chain_rule_grads", chain);
        ctx.Result("autograd_grads", autograd);
        ctx.Result("autograd_loss", error);
        ctx.Result("updated_weights", w1);
    }

    private static string F(double v) => PyFormat.Fixed(v, 6);

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>E = ½Σ(target − o)² for the weights w1..w8 (biases fixed), in float64.</summary>
    private static double Error(double[] w)
    {
        double[] h = [Sigmoid(w[0] * Inputs[0] + w[1] * Inputs[1] + B1), Sigmoid(w[2] * Inputs[0] + w[3] * Inputs[1] + B1)];
        double[] o = [Sigmoid(w[4] * h[0] + w[5] * h[1] + B2), Sigmoid(w[6] * h[0] + w[7] * h[1] + B2)];
        return 0.5 * Math.Pow(Targets[0] - o[0], 2) + 0.5 * Math.Pow(Targets[1] - o[1], 2);
    }

}
