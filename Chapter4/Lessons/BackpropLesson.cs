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
        ctx.Note("The network (weights on the edges, σ = sigmoid):");
        ctx.Note($"  h1 = σ(w1·i1 + w2·i2 + b1)   w1 = {W(Hidden[0])}, w2 = {W(Hidden[1])}   edges i1→h1 (w1), i2→h1 (w2)");
        ctx.Note($"  h2 = σ(w3·i1 + w4·i2 + b1)   w3 = {W(Hidden[2])}, w4 = {W(Hidden[3])}   edges i1→h2 (w3), i2→h2 (w4)");
        ctx.Note($"  o1 = σ(w5·h1 + w6·h2 + b2)   w5 = {W(Output[0])}, w6 = {W(Output[1])}   edges h1→o1 (w5), h2→o1 (w6)");
        ctx.Note($"  o2 = σ(w7·h1 + w8·h2 + b2)   w7 = {W(Output[2])}, w8 = {W(Output[3])}   edges h1→o2 (w7), h2→o2 (w8)");
        ctx.Note($"  i = ({W(Inputs[0])}, {W(Inputs[1])}), target = ({W(Targets[0])}, {W(Targets[1])}), b1 = {W(B1)}, b2 = {W(B2)}, lr = {PyFormat.Repr(Lr)}");
        ctx.Note("");

        // Forward pass, by hand.
        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
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
        ctx.Note($"A hidden weight reaches the loss through BOTH outputs: its gradient sums the two paths (the chain rule multiplies along a path " +
                 $"and adds over paths), e.g. ∂E/∂w1 = (δo1·w5 + δo2·w7)·h1(1 − h1)·i1. The update used lr = {PyFormat.Repr(Lr)}.");
        ctx.Result("loss", loss);
        ctx.Result("chain_rule_grads", chain);
        ctx.Result("autograd_grads", autograd);
        ctx.Result("autograd_loss", error);
        ctx.Result("updated_weights", w1);
    }

    private static string F(double v) => PyFormat.Fixed(v, 6);

}
