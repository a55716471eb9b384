using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Exercises.Checker;

/// <summary>
/// Every exercise's check: how the learner's function is called on PyTorch's cases and what is compared.
/// The learner's functions are the methods of <see cref="Learner"/> (exercises/*.cs, or exercises/solutions/*.cs
/// with -p:Solutions=true).
/// </summary>
public static class Catalog
{
    public static readonly Exercise<Func<nn.Module<Tensor, Tensor>>> ModelDemo = new("1.1-model-demo", Learner.BuildModelDemo, CheckModelDemo);
    public static readonly Exercise<Func<int[], bool, long>> ParameterCount = new("1.2-parameter-count", Learner.CountParameters, CheckParameterCount);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor>> CrossEntropy = new("2.2.1-cross-entropy", Learner.CrossEntropy, CheckCrossEntropy);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor>> BinaryCrossEntropy = new("2.2.2-bce", Learner.BinaryCrossEntropy, CheckBinaryCrossEntropy);
    public static readonly Exercise<Func<Tensor, Tensor, double, Tensor>> SmoothL1 = new("2.3.3-smooth-l1", Learner.SmoothL1, CheckSmoothL1);
    public static readonly Exercise<Func<double[], double[], double[], double, double, double[]>> Backprop = new("3.2-backprop", Learner.BackpropGradients, CheckBackprop);
    public static readonly Exercise<Func<double[], double, bool, double[]>> Ewma = new("3.3.1-ewma", Learner.Ewma, CheckEwma);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor?, double, double, double, (Tensor W, Tensor Buffer)>> MomentumStep =
        new("3.3.3-momentum-step", Learner.MomentumStep, CheckMomentum);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor, double, double, (Tensor W, Tensor Sum)>> AdaGradStep =
        new("3.3.4-adagrad-step", Learner.AdaGradStep, CheckAdaGrad);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor, double, double, double, (Tensor W, Tensor SquareAvg)>> RmsPropStep =
        new("3.3.5-rmsprop-step", Learner.RmsPropStep, CheckRmsProp);
    public static readonly Exercise<Func<Tensor, Tensor, Tensor, Tensor, int, double, double, double, double, (Tensor W, Tensor M, Tensor V)>> AdamStep =
        new("3.3.6-adam-step", Learner.AdamStep, CheckAdam);
    public static readonly Exercise<Func<double, int, int, double, double>> StepLr = new("4.2-step-lr", Learner.StepLr, CheckStepLr);
    public static readonly Exercise<Func<double, int, int[], double, double>> MultiStepLr = new("4.3-multistep-lr", Learner.MultiStepLr, CheckMultiStepLr);
    public static readonly Exercise<Func<double, int, double, double>> ExponentialLr = new("4.4-exponential-lr", Learner.ExponentialLr, CheckExponentialLr);

    /// <summary>Every exercise, in the order of exercises/exercises.json (the course's).</summary>
    public static IReadOnlyList<Exercise> All { get; } = Ordered(
        ModelDemo, ParameterCount, CrossEntropy, BinaryCrossEntropy, SmoothL1, Backprop, Ewma,
        MomentumStep, AdaGradStep, RmsPropStep, AdamStep, StepLr, MultiStepLr, ExponentialLr);

    private static IReadOnlyList<Exercise> Ordered(params Exercise[] exercises) =>
        [.. exercises.OrderBy(e => ExerciseList.All.ToList().FindIndex(i => i.Id == e.Info.Id))];

    private static JsonElement In(JsonElement c, string name) => c.GetProperty("inputs").GetProperty(name);

    private static JsonElement Out(JsonElement c, string name) => c.GetProperty("expected").GetProperty(name);

    // 1.1: seed, the learner's model, then data = randn(batch, 3) from the same generator, as the course's train().
    private static void CheckModelDemo(Func<nn.Module<Tensor, Tensor>> build, JsonElement c, CaseRun run)
    {
        long seed = In(c, "seed").GetInt64();
        int batch = In(c, "batch").GetInt32();
        torch.manual_seed(seed);
        run.Call = $"torch.manual_seed({seed}); BuildModelDemo()";
        using var model = build();
        var parameters = model.named_parameters().ToList();
        var expected = Out(c, "parameters").EnumerateArray().ToList();
        run.Equal("number of parameter tensors (weight and bias of 3 layers)", expected.Count, parameters.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            string name = $"parameter {k} ({parameters[k].name}, PyTorch's {expected[k].GetProperty("name").GetString()})";
            run.Tensor(name, Num.Longs(expected[k].GetProperty("shape")), Num.Doubles(expected[k].GetProperty("values")), parameters[k].parameter, Tolerance.Float32);
        }
        var x = torch.randn(batch, 3);
        run.Call = $"seed {seed}, after BuildModelDemo(): data = torch.randn({batch}, 3)";
        var input = Num.Doubles(Out(c, "input"));
        if (!Tolerance.Float32.Accepts(input[0], Num.Flat(x)[0]))
            throw run.Fail("the data drawn after your model differs from PyTorch's: your model drew a different number of random values");
        run.Call = $"seed {seed}: model(torch.randn({batch}, 3))";
        using (torch.no_grad())
        {
            var output = model.call(x);
            run.Tensor("output", Num.Longs(Out(c, "output_shape")), Num.Doubles(Out(c, "output")), output, Tolerance.Float32);
        }
    }

    private static void CheckParameterCount(Func<int[], bool, long> count, JsonElement c, CaseRun run)
    {
        int[] sizes = Num.Ints(In(c, "sizes"));
        bool bias = In(c, "bias").GetBoolean();
        run.Call = $"CountParameters([{string.Join(", ", sizes)}], bias: {(bias ? "true" : "false")})";
        run.Equal("parameters", Out(c, "count").GetInt64(), count(sizes, bias));
    }

    private static void CheckCrossEntropy(Func<Tensor, Tensor, Tensor> crossEntropy, JsonElement c, CaseRun run)
    {
        var logits = Num.Float32Tensor(In(c, "logits"));
        var target = torch.tensor(Num.Longs(In(c, "target")));
        run.Call = $"CrossEntropy(logits: {Num.Tensor(logits)} (shape {Num.Shape(logits.shape)}), target: {Num.List(Num.Longs(In(c, "target")))})";
        var expected = Num.Doubles(Out(c, "losses"));
        run.Tensor("loss", [expected.Length], expected, crossEntropy(logits.clone(), target.clone()), Tolerance.Float32);
    }

    private static void CheckBinaryCrossEntropy(Func<Tensor, Tensor, Tensor> bce, JsonElement c, CaseRun run)
    {
        var p = Num.Float32Tensor(In(c, "p"));
        var y = Num.Float32Tensor(In(c, "y"));
        run.Call = $"BinaryCrossEntropy(p: {Num.Tensor(p)}, y: {Num.Tensor(y)})";
        Scalar(run, "loss (the mean)", Num.Double(Out(c, "loss")), bce(p.clone(), y.clone()));
    }

    private static void CheckSmoothL1(Func<Tensor, Tensor, double, Tensor> smoothL1, JsonElement c, CaseRun run)
    {
        var pred = Num.Float32Tensor(In(c, "pred"));
        var target = Num.Float32Tensor(In(c, "target"));
        double beta = In(c, "beta").GetDouble();
        run.Call = $"SmoothL1(pred: {Num.Tensor(pred)}, target: {Num.Tensor(target)}, beta: {Num.G(beta)})";
        Scalar(run, "loss (the mean)", Num.Double(Out(c, "loss")), smoothL1(pred.clone(), target.clone(), beta));
    }

    private static void Scalar(CaseRun run, string what, double expected, Tensor? actual)
    {
        if (actual is null) throw run.Fail($"{what}: yours is null");
        if (actual.numel() != 1) throw run.Fail($"{what} should be one number, yours has shape {Num.Shape(actual.shape)}");
        run.Value(what, expected, Num.Flat(actual)[0], Tolerance.Float32);
    }

    private static void CheckBackprop(Func<double[], double[], double[], double, double, double[]> gradients, JsonElement c, CaseRun run)
    {
        double[] i = Num.Doubles(In(c, "i")), target = Num.Doubles(In(c, "target")), w = Num.Doubles(In(c, "w"));
        double b1 = In(c, "b1").GetDouble(), b2 = In(c, "b2").GetDouble();
        run.Call = $"BackpropGradients(i: {Num.List(i)}, target: {Num.List(target)}, w: {Num.List(w)}, b1: {Num.G(b1)}, b2: {Num.G(b2)})";
        double[] grads = gradients([.. i], [.. target], [.. w], b1, b2) ?? throw run.Fail("yours returned null");
        run.Values("∂E/∂w", Num.Doubles(Out(c, "grads")), grads, Tolerance.Float64, k => $"∂E/∂w{k + 1}");
    }

    private static void CheckEwma(Func<double[], double, bool, double[]> ewma, JsonElement c, CaseRun run)
    {
        double[] y = Num.Doubles(In(c, "y"));
        double beta = In(c, "beta").GetDouble();
        bool corrected = In(c, "bias_correction").GetBoolean();
        run.Call = $"Ewma(y: {Num.List(y, 5)}, beta: {Num.G(beta)}, biasCorrection: {(corrected ? "true" : "false")})";
        double[] s = ewma([.. y], beta, corrected) ?? throw run.Fail("yours returned null");
        run.Values("S", Num.Doubles(Out(c, "s")), s, Tolerance.Float64, t => $"S_{t + 1}");
    }

    // 3.3.3–3.3.6: the course's loss (w²/2).sum(), whose gradient is w, from w0; the learner's state carried step to step.
    private static IEnumerable<(int Step, Tensor Grad, JsonElement Expected)> Steps(JsonElement c, Func<Tensor> currentW)
    {
        int step = 0;
        foreach (var expected in Out(c, "steps").EnumerateArray())
            yield return (++step, currentW().detach().clone(), expected);
    }

    private static void Compare(CaseRun run, string what, JsonElement expected, Tensor actual) =>
        run.Tensor(what, [expected.GetArrayLength()], Num.Doubles(expected), actual, Tolerance.Float32Steps);

    private static void CheckMomentum(Func<Tensor, Tensor, Tensor?, double, double, double, (Tensor W, Tensor Buffer)> step, JsonElement c, CaseRun run)
    {
        var w = Num.Float32Tensor(In(c, "w0"));
        Tensor? buffer = null;
        double lr = In(c, "lr").GetDouble(), momentum = In(c, "momentum").GetDouble(), dampening = In(c, "dampening").GetDouble();
        foreach (var (n, grad, expected) in Steps(c, () => w))
        {
            run.Call = $"step {n}: MomentumStep(w: {Num.Tensor(w)}, grad: {Num.Tensor(grad)}, buffer: {Num.Tensor(buffer)}, lr: {Num.G(lr)}, momentum: {Num.G(momentum)}, dampening: {Num.G(dampening)})";
            var result = step(w.clone(), grad, buffer?.clone(), lr, momentum, dampening);
            Compare(run, "buffer", expected.GetProperty("momentum_buffer"), result.Buffer);
            Compare(run, "w", expected.GetProperty("w"), result.W);
            (w, buffer) = (result.W.detach(), result.Buffer.detach());
        }
    }

    private static void CheckAdaGrad(Func<Tensor, Tensor, Tensor, double, double, (Tensor W, Tensor Sum)> step, JsonElement c, CaseRun run)
    {
        var w = Num.Float32Tensor(In(c, "w0"));
        var sum = torch.zeros_like(w);
        double lr = In(c, "lr").GetDouble(), eps = In(c, "eps").GetDouble();
        foreach (var (n, grad, expected) in Steps(c, () => w))
        {
            run.Call = $"step {n}: AdaGradStep(w: {Num.Tensor(w)}, grad: {Num.Tensor(grad)}, sum: {Num.Tensor(sum)}, lr: {Num.G(lr)}, eps: {Num.G(eps)})";
            var result = step(w.clone(), grad, sum.clone(), lr, eps);
            Compare(run, "sum", expected.GetProperty("sum"), result.Sum);
            Compare(run, "w", expected.GetProperty("w"), result.W);
            (w, sum) = (result.W.detach(), result.Sum.detach());
        }
    }

    private static void CheckRmsProp(Func<Tensor, Tensor, Tensor, double, double, double, (Tensor W, Tensor SquareAvg)> step, JsonElement c, CaseRun run)
    {
        var w = Num.Float32Tensor(In(c, "w0"));
        var squareAvg = torch.zeros_like(w);
        double lr = In(c, "lr").GetDouble(), alpha = In(c, "alpha").GetDouble(), eps = In(c, "eps").GetDouble();
        foreach (var (n, grad, expected) in Steps(c, () => w))
        {
            run.Call = $"step {n}: RmsPropStep(w: {Num.Tensor(w)}, grad: {Num.Tensor(grad)}, squareAvg: {Num.Tensor(squareAvg)}, lr: {Num.G(lr)}, alpha: {Num.G(alpha)}, eps: {Num.G(eps)})";
            var result = step(w.clone(), grad, squareAvg.clone(), lr, alpha, eps);
            Compare(run, "squareAvg", expected.GetProperty("square_avg"), result.SquareAvg);
            Compare(run, "w", expected.GetProperty("w"), result.W);
            (w, squareAvg) = (result.W.detach(), result.SquareAvg.detach());
        }
    }

    private static void CheckAdam(Func<Tensor, Tensor, Tensor, Tensor, int, double, double, double, double, (Tensor W, Tensor M, Tensor V)> step, JsonElement c, CaseRun run)
    {
        var w = Num.Float32Tensor(In(c, "w0"));
        var m = torch.zeros_like(w);
        var v = torch.zeros_like(w);
        double lr = In(c, "lr").GetDouble(), beta1 = In(c, "beta1").GetDouble(), beta2 = In(c, "beta2").GetDouble(), eps = In(c, "eps").GetDouble();
        foreach (var (n, grad, expected) in Steps(c, () => w))
        {
            run.Call = $"step {n}: AdamStep(w: {Num.Tensor(w)}, grad: {Num.Tensor(grad)}, m: {Num.Tensor(m)}, v: {Num.Tensor(v)}, t: {n}, lr: {Num.G(lr)}, beta1: {Num.G(beta1)}, beta2: {Num.G(beta2)}, eps: {Num.G(eps)})";
            var result = step(w.clone(), grad, m.clone(), v.clone(), n, lr, beta1, beta2, eps);
            Compare(run, "m", expected.GetProperty("exp_avg"), result.M);
            Compare(run, "v", expected.GetProperty("exp_avg_sq"), result.V);
            Compare(run, "w", expected.GetProperty("w"), result.W);
            (w, m, v) = (result.W.detach(), result.M.detach(), result.V.detach());
        }
    }

    // 4.2–4.4: the closed form at every epoch, against scheduler.get_last_lr()[0] of the course's loop.
    private static void CheckSchedule(CaseRun run, JsonElement c, Func<int, double> lrAt, Func<int, string> call)
    {
        double[] expected = Num.Doubles(Out(c, "lrs"));
        for (int epoch = 0; epoch < expected.Length; epoch++)
        {
            run.Call = call(epoch);
            run.Value($"lr at epoch {epoch}", expected[epoch], lrAt(epoch), Tolerance.Float64 with { Absolute = 0 });
        }
    }

    private static void CheckStepLr(Func<double, int, int, double, double> stepLr, JsonElement c, CaseRun run)
    {
        double lr = In(c, "lr").GetDouble(), gamma = In(c, "gamma").GetDouble();
        int stepSize = In(c, "step_size").GetInt32();
        CheckSchedule(run, c, e => stepLr(lr, e, stepSize, gamma), e => $"StepLr(lr0: {Num.G(lr)}, epoch: {e}, stepSize: {stepSize}, gamma: {Num.G(gamma)})");
    }

    private static void CheckMultiStepLr(Func<double, int, int[], double, double> multiStepLr, JsonElement c, CaseRun run)
    {
        double lr = In(c, "lr").GetDouble(), gamma = In(c, "gamma").GetDouble();
        int[] milestones = Num.Ints(In(c, "milestones"));
        CheckSchedule(run, c, e => multiStepLr(lr, e, [.. milestones], gamma),
            e => $"MultiStepLr(lr0: {Num.G(lr)}, epoch: {e}, milestones: [{string.Join(", ", milestones)}], gamma: {Num.G(gamma)})");
    }

    private static void CheckExponentialLr(Func<double, int, double, double> exponentialLr, JsonElement c, CaseRun run)
    {
        double lr = In(c, "lr").GetDouble(), gamma = In(c, "gamma").GetDouble();
        CheckSchedule(run, c, e => exponentialLr(lr, e, gamma), e => $"ExponentialLr(lr0: {Num.G(lr)}, epoch: {e}, gamma: {Num.G(gamma)})");
    }
}
