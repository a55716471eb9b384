using Chapter4.Harness;
using Chapter4.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// The course's four optimizer snippets are one script with a different optimizer: w = [1.0],
/// loss = w²/2 (so the gradient is w itself), a few steps, printing w.grad (and w) after each
/// optimizer.step(). Subclasses create the optimizer and explain what it does.
/// </summary>
public abstract partial class OptimizerStepsLesson : Lesson
{
    [Knob("lr", "learning rate", Above = 0)]
    public double Lr { get; set; } = 0.01;

    [Knob("steps", "how many optimizer steps", Min = 1, Max = 100_000)]
    public int Steps { get; set; } = 3;

    /// <summary>The momentum snippet prints only w.grad; the others print w.grad and w.</summary>
    protected virtual bool PrintsW => true;

    protected abstract optim.Optimizer CreateOptimizer(Parameter w);

    /// <summary>What the optimizer of this run was built with (α for RMSProp, betas for Adam), read back from it.</summary>
    protected IReadOnlyDictionary<string, double> Built { get; private set; } = new Dictionary<string, double>();

    /// <summary>The course's script, as snippets/3.3.*.cs writes it; <see cref="StepLog"/> keeps the deep dive's records.</summary>
    public override void Run(LessonContext ctx)
    {
        var log = new StepLog(this, ctx);
        // 1 初始化权重参数 / the weight
        var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
        // 2 创建优化器 / the optimizer
        var optimizer = CreateOptimizer(w);
        // RMSProp's α and Adam's betas as built, read back from the optimizer (OptimizerSettings states the rule).
        Built = OptimizerZoo.SettingsOf(optimizer);
        if (Built.Count > 0) ctx.Result("settings", Built.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        for (int step = 0; step < Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = (w.pow(2) / 2.0).sum();
            // 3 梯度清零, 计算梯度 / zero the gradient, compute it
            optimizer.zero_grad();
            loss.backward();
            // 4 更新权重参数 / update the weight
            log.Step(optimizer); // optimizer.step(), stopped with a clear line if libtorch overflows float32
            if (PrintsW) ctx.Print("w.grad->", w.grad, w);
            else ctx.Print("w.grad->", w.grad);
            log.Record(w, ReadState(optimizer));
        }
        log.Explain();
    }
}
