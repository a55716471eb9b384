using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Chapter4.Lessons;

/// <summary>等间隔学习率衰减: StepLR.</summary>
public sealed class StepLrLesson : LrScheduleLesson
{
    public override string Id => "lr-step";
    public override string? Snippet => "4.2-step-lr";
    public override CourseSection Section => CourseOutline.StepLr;
    public override string Description => "StepLR(step_size=50, gamma=0.5): lr halves every 50 epochs";
    protected override LessonPlot Plot => new("lr-step.png", T("caption.lr-step"));

    [Knob("step-size", "epochs between decays", Min = 1, Max = 10_000)]
    public int StepSize { get; set; } = 50;

    protected override int DecaysWithin(int epochs) => (epochs - 1) / StepSize;
    protected override LRScheduler CreateScheduler(torch.optim.Optimizer optimizer) => StepLR(optimizer, step_size: StepSize, gamma: Gamma);
    protected override string Legend => $"StepLR(step_size={StepSize}, gamma={PyFormat.Repr(Gamma)})";
}

/// <summary>指定间隔学习率衰减: MultiStepLR.</summary>
public sealed class MultiStepLrLesson : LrScheduleLesson
{
    public override string Id => "lr-multistep";
    public override string? Snippet => "4.3-multistep-lr";
    public override CourseSection Section => CourseOutline.MultiStepLr;
    public override string Description => "MultiStepLR(milestones=[50, 100, 160], gamma=0.5): lr halves at chosen epochs";
    protected override LessonPlot Plot => new("lr-multistep.png", T("caption.lr-multistep"));

    [Knob("milestones", "epochs at which lr decays, strictly increasing", Min = 1, Max = 10_000, MaxCount = 1_000)]
    public int[] Milestones { get; set; } = [50, 100, 160];

    public override void Validate()
    {
        if (Milestones.Length == 0) throw new LessonInputException(T("refuse.no-milestones"));
        for (int i = 1; i < Milestones.Length; i++)
            if (Milestones[i] <= Milestones[i - 1])
                throw new LessonInputException(T("refuse.milestones-order", string.Join(",", Milestones)));
        base.Validate();
    }

    protected override int DecaysWithin(int epochs) => Milestones.Count(m => m < epochs);

    protected override void Warn(LessonContext ctx)
    {
        var late = Milestones.Where(m => m >= Epochs).ToList();
        if (late.Count == 0) return;
        var quotes = late.Select((m, i) => ($"late milestone {i + 1}", (double)m)).Append(("epochs", Epochs)).ToArray();
        ctx.Say(Claim.Fact().Quoting(quotes), late.Count == 1 ? "warning.late-milestone" : "warning.late-milestones", string.Join(",", late), I(Epochs));
    }

    protected override LRScheduler CreateScheduler(torch.optim.Optimizer optimizer) => MultiStepLR(optimizer, milestones: Milestones, gamma: Gamma);
    protected override string Legend => $"MultiStepLR(milestones=[{string.Join(", ", Milestones)}], gamma={PyFormat.Repr(Gamma)})";
}

/// <summary>按指数学习率衰减: ExponentialLR.</summary>
public sealed class ExponentialLrLesson : LrScheduleLesson
{
    public ExponentialLrLesson() => Gamma = 0.9;

    public override string Id => "lr-exponential";
    public override string? Snippet => "4.4-exponential-lr";
    public override CourseSection Section => CourseOutline.ExponentialLr;
    public override string Description => "ExponentialLR(gamma=0.9): lr = 0.1 · 0.9^epoch";
    protected override LessonPlot Plot => new("lr-exponential.png", T("caption.lr-exponential"));
    protected override LessonPlot? LogPlot => new("lr-exponential-log.png", T("caption.lr-exponential-log"));

    /// <summary>A new rate every epoch: a line through the epochs' rates reads better than 200 tiny stairs.</summary>
    protected override bool Stairs => false;

    protected override int DecaysWithin(int epochs) => epochs - 1;

    // PyTorch requires gamma; TorchSharp defaults it to 0.1. Always pass it.
    protected override LRScheduler CreateScheduler(torch.optim.Optimizer optimizer) => ExponentialLR(optimizer, gamma: Gamma);
    protected override string Legend => $"ExponentialLR(gamma={PyFormat.Repr(Gamma)})";
}
