using Chapter4.Harness;
using Chapter4.Printing;
using Chapter4.Training;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>The deep dive beside the course's script: every step's record, divergence, results and take-aways.</summary>
public abstract partial class OptimizerStepsLesson
{
    /// <summary>The optimizer's state for w after a step, as PyTorch names it in optimizer.state[w].</summary>
    protected abstract Dictionary<string, float> ReadState(optim.Optimizer optimizer);

    /// <summary>What the learner should take away (<see cref="LessonContext.Say"/>), computed from every step's gradient, weight and state.</summary>
    protected abstract void TakeAway(LessonContext ctx, IReadOnlyList<StepRecord> steps);

    /// <summary>One step: the gradient it used, w before and after it, the optimizer's state after it.</summary>
    protected sealed record StepRecord(double Grad, double W, double WBefore, IReadOnlyDictionary<string, float> State)
    {
        /// <summary>The step's change of w, signed: w_t − w_(t−1).</summary>
        public double Change => W - WBefore;

        /// <summary>How far the step moved w.</summary>
        public double Moved => Math.Abs(Change);
    }

    /// <summary>Numbers in prose, the Python way and short: 0.1, not 0.10000000000000002.</summary>
    protected static string N(double v) => PyFormat.General(v, 6);

    protected static string Row(IEnumerable<double> values) => string.Join(", ", values.Select(v => PyFormat.Fixed(v, 6)));

    /// <summary>
    /// What float32 cannot tell apart in these steps: w is stored in float32 (a relative rounding of 2⁻²⁴ ≈ 6e-8), so a
    /// step read as the difference of two stored w is uncertain by about one ulp of the larger |w|. Four ulps of the
    /// largest |w| (at least of 1, where w starts): differences below it are noise, not a trend or a sign.
    /// </summary>
    protected static double NoiseFloor(IReadOnlyList<StepRecord> steps) => 4 * Math.Pow(2, -24) * Math.Max(1, steps.Max(s => Math.Abs(s.W)));

    /// <summary>The chapter's rule for α and betas, and what this run's optimizer was built with (read back from it).</summary>
    protected void SaySettings(LessonContext ctx) =>
        CourseOptimizerSettings.Say(ctx, Built.TryGetValue("alpha", out double alpha) ? alpha : null,
            Built.TryGetValue("beta1", out double beta1) && Built.TryGetValue("beta2", out double beta2) ? (beta1, beta2) : null);

    /// <summary>
    /// Records each step as the script runs and stops it on values that are no longer numbers, naming the step and
    /// keeping the steps so far in the results; at the end, the results and the take-aways.
    /// </summary>
    private sealed class StepLog(OptimizerStepsLesson lesson, LessonContext ctx)
    {
        private readonly List<StepRecord> _steps = [];

        /// <summary>optimizer.step(), with a float32 overflow inside libtorch turned into the lesson's one line.</summary>
        public void Step(optim.Optimizer optimizer)
        {
            try
            {
                optimizer.step();
            }
            catch (Exception e) when (NonFinite.IsFloatOverflow(e))
            {
                Stop(NonFinite.OverflowMessage(NonFinite.AtStep(_steps.Count + 1), lesson.Lr));
            }
        }

        public void Record(Tensor w, Dictionary<string, float> state)
        {
            float grad = w.grad!.item<float>(), value = w.detach().item<float>();
            _steps.Add(new StepRecord(grad, value, _steps.Count == 0 ? 1.0 : _steps[^1].W, state));
            if (!NonFinite.AllFinite(grad, value))
                Stop(NonFinite.Message(float.IsFinite(value) ? "w.grad" : "w", float.IsFinite(value) ? grad : value, NonFinite.AtStep(_steps.Count), lesson.Lr));
        }

        public void Explain()
        {
            SaveResults();
            ctx.Note("");
            lesson.TakeAway(ctx, _steps);
        }

        private void Stop(Phrase message)
        {
            SaveResults();
            throw new LessonRunException(message.ToString());
        }

        // One {"grad", "w", "state"} per step, read after optimizer.step(): the same numbers the parity tests compare.
        private void SaveResults() => ctx.Result("steps", _steps.Select(s => new Dictionary<string, object?>
        {
            ["grad"] = (float)s.Grad,
            ["w"] = (float)s.W,
            ["state"] = s.State.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
        }).ToList());
    }
}
