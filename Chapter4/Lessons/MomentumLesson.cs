using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>动量算法(Momentum): SGD with momentum.</summary>
public sealed class MomentumLesson : OptimizerStepsLesson
{
    public MomentumLesson() => Steps = 2;

    public override string Id => "momentum";
    public override string? Snippet => "3.3.3-momentum";
    public override CourseSection Section => CourseOutline.Momentum;
    public override string Description => "optim.SGD([w], lr=0.01, momentum=0.9) on loss = w²/2, two steps";
    protected override bool PrintsW => false;

    [Knob("momentum", "momentum factor μ (the course's β)", Min = 0, Below = 1)]
    public double Momentum { get; set; } = 0.9;

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.SGD([w], Lr, momentum: Momentum);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer) =>
        // With μ = 0 PyTorch keeps no buffer (None), and neither does TorchSharp.
        OptimizerStates.Of<SGD.State>(optimizer).momentum_buffer is { } buffer ? new() { ["momentum_buffer"] = buffer.item<float>() } : [];

    // Transitional: these sentences become claims (ctx.Say) with their .resx.
    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        foreach (string line in Sentences(steps)) ctx.Note(line);
    }

    private IEnumerable<string> Sentences(IReadOnlyList<StepRecord> steps)
    {
        // The course: S_t = (1−β)·g_t + β·S_(t−1), S_0 = 0, computed here from the printed gradients.
        if (steps[0].State.Count == 0)
        {
            yield return "With momentum 0 there is no buffer (optimizer.state[w] holds none): this is plain gradient descent, w ← w − lr·g.";
            yield break;
        }
        var course = new List<double>();
        foreach (var step in steps) course.Add((1 - Momentum) * step.Grad + Momentum * (course.Count == 0 ? 0 : course[^1]));
        double[] buffer = steps.Select(s => (double)s.State["momentum_buffer"]).ToArray();
        double worst = steps.Select((s, t) => Math.Abs((1 - Momentum) * buffer[t] - course[t])).Max();
        yield return "w.grad is the raw gradient of each step; the average lives in the optimizer's state:";
        yield return $"  w.grad                                   = [{Row(steps.Select(s => s.Grad))}]";
        yield return $"  optimizer.state[w]['momentum_buffer'] v  = [{Row(buffer)}]   (v = μ·v + g; the first step copies g)";
        yield return $"  the course's S = (1−β)·g + β·S, from S_0 = 0 = [{Row(course)}]";
        yield return worst <= 1e-6 * Math.Max(1, buffer.Max(Math.Abs))
            ? $"Here S = (1−β)·v at every step (largest difference {N(worst)}): PyTorch's SGD at lr is the course's rule at lr/(1−β) = {N(Lr / (1 - Momentum))}. " +
              "(dampening=β is not the same: PyTorch skips the damping on the first step.)"
            : $"Here S and (1−β)·v differ by up to {N(worst)}.";
        // Signed: v can turn negative when momentum carries w past the minimum, and the steps then reverse.
        double[] change = steps.Select(s => s.Change).ToArray();
        yield return $"Each step changes w by −lr·v = [{Row(change)}]: {StepTrend(change)}.";
    }

    /// <summary>
    /// A trend word only when the steps are that, by a stated rule: growing or shrinking when every step keeps the
    /// sign and its size strictly rises or falls; reversing when the sign changes; otherwise neither.
    /// </summary>
    internal static string StepTrend(double[] change)
    {
        if (change.Length < 2) return "one step, nothing to compare yet";
        int reversals = change.Zip(change.Skip(1)).Count(p => Math.Sign(p.First) * Math.Sign(p.Second) < 0);
        if (reversals > 0)
            return $"the direction reverses {reversals} time{(reversals > 1 ? "s" : "")} (v changes sign: momentum carried w past the minimum at 0)";
        double[] size = change.Select(Math.Abs).ToArray();
        if (size.Zip(size.Skip(1)).All(p => p.Second > p.First)) return "growing as the buffer gathers speed";
        if (size.Zip(size.Skip(1)).All(p => p.Second < p.First)) return "shrinking";
        return "neither steadily growing nor shrinking";
    }
}
