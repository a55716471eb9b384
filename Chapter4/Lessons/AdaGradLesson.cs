using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>AdaGrad: the step shrinks as squared gradients accumulate.</summary>
public sealed class AdaGradLesson : OptimizerStepsLesson
{
    public override string Id => "adagrad";
    public override string? Snippet => "3.3.4-adagrad";
    public override CourseSection Section => CourseOutline.AdaGrad;
    public override string Description => "optim.Adagrad([w], lr=0.01) on loss = w²/2, three steps";

    protected override optim.Optimizer CreateOptimizer(Parameter w) => torch.optim.Adagrad([w], Lr);

    protected override Dictionary<string, float> ReadState(optim.Optimizer optimizer) =>
        new() { ["sum"] = OptimizerStates.Of<Adagrad.State>(optimizer).sum.item<float>() };

    // Transitional: these sentences become claims (ctx.Say) with their .resx.
    protected override void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps)
    {
        foreach (string line in Sentences(steps)) ctx.Note(line);
    }

    private IEnumerable<string> Sentences(IReadOnlyList<StepRecord> steps)
    {
        // The step is lr·g / (√sum + ε), sum = Σ g² over ALL steps so far.
        double[] effective = steps.Select(s => Lr / (Math.Sqrt(s.State["sum"]) + 1e-10)).ToArray();
        yield return $"optimizer.state[w]['sum'] = Σ g² = [{Row(steps.Select(s => (double)s.State["sum"]))}]";
        yield return $"AdaGrad divides lr by √(sum of ALL past g²), so the effective rate lr/√sum can only shrink: [{Row(effective)}]; " +
                     $"w moved by [{Row(steps.Select(s => s.Moved))}].";
    }
}
