using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Models;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 分类任务损失函数: the losses want logits, not probabilities. CrossEntropyLoss on the course's
/// probability rows and on logits with the same softmax; log_softmax + NLLLoss is the same loss; BCELoss
/// on a sigmoid against BCEWithLogitsLoss at a confident wrong logit, for both labels: where float32's sigmoid
/// saturates (found by searching the float32 values), BCELoss's log is clamped at −100 and its gradient is lost;
/// softmax overflow against log_softmax.
/// </summary>
public sealed class LogitsLesson : Lesson
{
    public override string Id => "logits";
    public override CourseSection Section => CourseOutline.ClassificationLosses;
    public override string Description => "CrossEntropyLoss on probabilities vs logits, log_softmax + NLL, BCE vs BCEWithLogits at logit ±100 and where float32 saturates each label, softmax overflow";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("logits-bce-loss.png", Texts.Get(GetType(), "caption.loss")),
            new("logits-bce-grad.png", Texts.Get(GetType(), "caption.grad")),
        ];

    [Knob("y-pred", "the course's rows of class probabilities (each in [0, 1], summing to 1)", Min = 0, Max = 1)]
    public double[][] YPred { get; set; } = [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]];

    [Knob("y-true", "the class index of each row")]
    public double[][] YTrue { get; set; } = [[1, 2]];

    [Knob("logit", "how confident and wrong the BCE example is: logit −L with label 1, +L with label 0", Above = 0, Max = 1000)]
    public double Logit { get; set; } = 100;

    [Knob("logit-range", "the plots sweep the logit over ±this", Above = 0, Max = 1000)]
    public double LogitRange { get; set; } = 120;

    /// <summary>BCELoss clamps each log at −100, so a clamped loss is exactly this.</summary>
    private const float Clamp = 100f;


    public override void Validate()
    {
        foreach (double[] row in YPred)
            if (Math.Abs(row.Sum() - 1) > 1e-6) throw new LessonInputException(T("error.row-sum", Text.Number(row.Sum())));
        // The targets too, before the first print.
        if (YTrue.Length != 1) throw new LessonInputException(T("error.one-row"));
        using var scope = torch.NewDisposeScope();
        LossChecks.CrossEntropy(KnobTensors.Matrix(YPred, "--y-pred"), LossChecks.ClassIndices(YTrue[0]));
    }

    /// <summary>One logit through both BCE losses: each loss, the gradient it gives the logit, and sigmoid(z) in float32.</summary>
    internal readonly record struct BcePoint(float Z, float Label, float P, float Bce, float BceGrad, float Exact, float ExactGrad);

    internal static BcePoint At(float z, float label)
    {
        using var scope = torch.NewDisposeScope();
        var target = torch.tensor(new[] { label });
        var a = torch.tensor(new[] { z }, requires_grad: true);
        var p = torch.sigmoid(a);
        var bce = nn.BCELoss().call(p, target);
        bce.backward();
        var b = torch.tensor(new[] { z }, requires_grad: true);
        var exact = nn.BCEWithLogitsLoss().call(b, target);
        exact.backward();
        return new BcePoint(z, label, p.item<float>(), bce.item<float>(), a.grad!.item<float>(), exact.item<float>(), b.grad!.item<float>());
    }

    /// <summary>
    /// The float32 logit closest to 0 on the wrong side of <paramref name="label"/> (z &gt; 0 for label 0, z &lt; 0 for
    /// label 1) from which <paramref name="fails"/> holds, by bisection on the float32 bit patterns of |z| in (0, 1000]
    /// (they are ordered as the values are): every float32 is a candidate, nothing is assumed about where sigmoid saturates.
    /// </summary>
    internal static float FirstFailing(float label, Func<BcePoint, bool> fails)
    {
        float sign = label == 0 ? 1 : -1;
        int lo = 0, hi = BitConverter.SingleToInt32Bits(1000f);
        if (fails(At(0, label)) || !fails(At(sign * 1000f, label))) throw new InvalidOperationException("the search needs a working z = 0 and a failing |z| = 1000");
        while (hi - lo > 1)
        {
            int mid = lo + (hi - lo) / 2;
            if (fails(At(sign * BitConverter.Int32BitsToSingle(mid), label))) hi = mid;
            else lo = mid;
        }
        return sign * BitConverter.Int32BitsToSingle(hi);
    }

    /// <summary>BCELoss is the clamp: exactly 100 (a log of 0, or below −100, clamped).</summary>
    internal static bool Clamped(BcePoint p) => p.Bce == Clamp;

    /// <summary>BCELoss's gradient below 1% of the exact one.</summary>
    internal static bool GradientLost(BcePoint p) => Math.Abs(p.BceGrad) < 0.01 * Math.Abs(p.ExactGrad);

    /// <summary>The float32 neighbour of z one step toward 0.</summary>
    private static float TowardZero(float z) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(Math.Abs(z)) - 1) * Math.Sign(z);

    public override void Run(LessonContext ctx)
    {
        var p = KnobTensors.Matrix(YPred, "--y-pred");
        if (YTrue.Length != 1) throw new LessonInputException(T("error.one-row"));
        var y = LossChecks.ClassIndices(YTrue[0]);
        LossChecks.CrossEntropy(p, y);
        var ce = nn.CrossEntropyLoss(reduction: nn.Reduction.Sum);
        var ce_on_probabilities = ce.call(p, y);
        var z = p.log(); // logits whose softmax is p
        var ce_on_logits = ce.call(z, y);
        var nll_of_log_softmax = nn.NLLLoss(reduction: nn.Reduction.Sum).call(z.log_softmax(-1), y);
        ctx.Print("ce_on_probabilities->", ce_on_probabilities);
        ctx.Print("ce_on_logits->", ce_on_logits);
        ctx.Print("nll_of_log_softmax->", nll_of_log_softmax);

        var rows = new List<(double Value, BcePoint Point)>();
        ctx.Print($"{"logit",7} {"target",6} {"BCELoss",9} {"d/dlogit",12} {"BCEWithLogits",14} {"d/dlogit",12}");
        foreach (var (value, target) in new[] { (-Logit, 1.0), (Logit, 0.0) })
        {
            var r = At((float)value, (float)target);
            ctx.Print($"{PyFormat.Fixed(r.Z, 1),7} {PyFormat.Fixed(target, 1),6} {PyFormat.Fixed(r.Bce, 4),9} {PyFormat.Scientific(r.BceGrad, 4),12} " +
                      $"{PyFormat.Fixed(r.Exact, 4),14} {PyFormat.Scientific(r.ExactGrad, 4),12}");
            rows.Add((value, r));
        }

        var big = torch.tensor(new float[] { 1000, 0, -1000 });
        var naive = torch.exp(big) / torch.exp(big).sum();
        ctx.Print("exp(z)/sum(exp(z))->", naive);
        ctx.Print("softmax->", torch.softmax(big, -1));
        ctx.Print("log(softmax)->", torch.log(torch.softmax(big, -1)));
        ctx.Print("log_softmax->", big.log_softmax(-1));

        // Where each label saturates in float32: the first clamped logit, and the first with the gradient lost.
        var saturation = new Dictionary<float, (float ClampFrom, BcePoint Before, BcePoint AtClamp, float GradLostFrom)>();
        foreach (float label in new[] { 0f, 1f })
        {
            float from = FirstFailing(label, Clamped);
            saturation[label] = (from, At(TowardZero(from), label), At(from, label), FirstFailing(label, GradientLost));
        }

        var sweep = torch.linspace(-LogitRange, LogitRange, 241);
        var curves = new Dictionary<string, object?>();
        var plotted = new Dictionary<(string, float), (double[] Loss, double[] Grad)>();
        foreach (float label in new[] { 1f, 0f })
        {
            var byLoss = new Dictionary<string, object?>();
            foreach (var (name, make) in new (string, Func<Tensor, Tensor>)[]
            {
                ("bce", x => nn.BCELoss(reduction: nn.Reduction.None).call(torch.sigmoid(x), torch.full_like(x, label))),
                ("bce_with_logits", x => nn.BCEWithLogitsLoss(reduction: nn.Reduction.None).call(x, torch.full_like(x, label))),
            })
            {
                var x = sweep.clone().requires_grad_();
                var loss = make(x);
                loss.sum().backward();
                byLoss[name] = new Dictionary<string, object?> { ["loss"] = loss, ["grad"] = x.grad };
                plotted[(name, label)] = (TensorValues.ToDoubles(loss), TensorValues.ToDoubles(x.grad!));
            }
            curves[label == 1 ? "y1" : "y0"] = byLoss;
        }

        ctx.Result("ce_on_probabilities", ce_on_probabilities);
        ctx.Result("ce_on_logits", ce_on_logits);
        ctx.Result("nll_of_log_softmax", nll_of_log_softmax);
        ctx.Result("bce_at", rows.Select(row => new Dictionary<string, object?>
        {
            ["logit"] = row.Value,
            ["target"] = (double)row.Point.Label,
            ["bce"] = row.Point.Bce,
            ["bce_grad"] = row.Point.BceGrad,
            ["bce_with_logits"] = row.Point.Exact,
            ["bce_with_logits_grad"] = row.Point.ExactGrad,
        }));
        ctx.Result("saturation", saturation.ToDictionary(s => s.Key == 0 ? "y0" : "y1", s => (object?)new Dictionary<string, object?>
        {
            ["clamped_from"] = s.Value.ClampFrom,
            ["sigmoid_at_clamp"] = s.Value.AtClamp.P,
            ["bce_grad_at_clamp"] = s.Value.AtClamp.BceGrad,
            ["bce_before"] = s.Value.Before.Bce,
            ["exact_before"] = s.Value.Before.Exact,
            ["bce_grad_before"] = s.Value.Before.BceGrad,
            ["grad_lost_from"] = s.Value.GradLostFrom,
        }));
        ctx.Result("naive_softmax", naive);
        ctx.Result("softmax", torch.softmax(big, -1));
        ctx.Result("log_of_softmax", torch.log(torch.softmax(big, -1)));
        ctx.Result("log_softmax", big.log_softmax(-1));
        ctx.Result("sweep", sweep);
        ctx.Result("curves", curves);

        double[] at = TensorValues.ToDoubles(sweep);
        var (lossPlot, gradPlot) = BcePlots(at, plotted, saturation.ToDictionary(s => s.Key, s => (s.Value.ClampFrom, s.Value.GradLostFrom)));
        ctx.Save(lossPlot, "logits-bce-loss.png");
        ctx.Save(gradPlot, "logits-bce-grad.png");

        ctx.Note("");
        CrossEntropyTakeAways(ctx, ce_on_probabilities.item<float>(), ce_on_logits.item<float>(), nll_of_log_softmax.item<float>());
        foreach (var (_, r) in rows) RowTakeAways(ctx, r, saturation[r.Label].ClampFrom);
        SaturationTakeAways(ctx, saturation);
        SweepTakeAways(ctx, at, plotted);
        ctx.Fact("softmax-overflow");
    }

    /// <summary>
    /// The loss and gradient plots over the sweep <paramref name="at"/>: per label (1f, 0f), the curves of "bce" and
    /// "bce_with_logits", and where BCELoss is clamped from and its gradient lost from.
    /// </summary>
    internal (ScottPlot.Plot Loss, ScottPlot.Plot Grad) BcePlots(double[] at, Dictionary<(string, float), (double[] Loss, double[] Grad)> curves,
        Dictionary<float, (float ClampFrom, float GradLostFrom)> saturation)
    {
        var lossPlot = Figures.Create(T("plot.loss.title"), T("plot.x"), T("plot.loss.y"));
        var gradPlot = Figures.Create(T("plot.grad.title"), T("plot.x"), T("plot.grad.y"));
        foreach (float label in new[] { 1f, 0f })
        {
            string l = label == 1 ? "1" : "0";
            var colour = SeriesColors.Of(label == 1 ? "BCE y=1" : "BCE y=0");
            foreach (var (plot, pick) in new (ScottPlot.Plot, Func<(double[] Loss, double[] Grad), double[]>)[] { (lossPlot, c => c.Loss), (gradPlot, c => c.Grad) })
            {
                // The exact loss wide and solid, BCELoss dashed on top: where they agree both show.
                var exact = plot.Line(at, pick(curves[("bce_with_logits", label)]), T("plot.exact." + l));
                exact.LineWidth = 4;
                exact.Color = colour.WithAlpha(0.45);
                // BCELoss in runs of clamped and unclamped points: its jump at the clamp is a gap, not a vertical segment.
                double[] bceLoss = curves[("bce", label)].Loss, values = pick(curves[("bce", label)]);
                int start = 0;
                for (int i = 1; i <= at.Length; i++)
                {
                    if (i < at.Length && (bceLoss[i] == Clamp) == (bceLoss[i - 1] == Clamp)) continue;
                    var bce = plot.Line(at[start..i], values[start..i], start == 0 ? T("plot.bce." + l) : "");
                    bce.Color = colour;
                    bce.LinePattern = ScottPlot.LinePattern.Dashed;
                    start = i;
                }
            }
            // The first clamped logit, where it lies inside the sweep: the loss 100, the gradient 0.
            var (z, lost) = saturation[label];
            // Where the gradient is already lost before the clamp (label 1): a hollow marker at BCELoss's gradient there.
            if (lost != z && Math.Abs(lost) <= LogitRange)
            {
                var mark = gradPlot.Add.ScatterPoints(new[] { (double)lost }, new[] { (double)At(lost, label).BceGrad });
                mark.Color = colour;
                mark.MarkerSize = 11;
                mark.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
                mark.LegendText = T("plot.grad-lost." + l, PyFormat.General(lost, 6));
            }
            if (Math.Abs(z) <= LogitRange)
            {
                foreach (var (plot, y) in new[] { (lossPlot, (double)Clamp), (gradPlot, 0.0) })
                {
                    var dot = plot.Add.ScatterPoints(new[] { z }, new[] { y });
                    dot.Color = colour;
                    dot.MarkerSize = 11;
                    dot.MarkerShape = ScottPlot.MarkerShape.FilledCircle;
                    dot.LegendText = T("plot.clamp." + l, PyFormat.General(z, 6));
                }
            }
        }
        return (lossPlot, gradPlot);
    }

    private void CrossEntropyTakeAways(LessonContext ctx, double onProbabilities, double onLogits, double nll)
    {
        string F(double v) => PyFormat.Fixed(v, 4);
        if (!double.IsFinite(onLogits))
        {
            // A target class with probability 0: log p = −∞.
            ctx.Say(Claim.Fact().Quoting(("CrossEntropyLoss(probabilities)", onProbabilities)), "ce-infinite", F(onProbabilities), F(onLogits));
            ctx.Say(Claim.Fact(), "nll-infinite", F(nll));
            return;
        }
        var twice = Claim.Compare("CrossEntropyLoss(probabilities)", onProbabilities, "CrossEntropyLoss(log p) = −Σ log p[y]", onLogits, 1e-6 * Math.Max(1, Math.Abs(onLogits)));
        ctx.Say(twice, twice.Relation == "≈" ? "ce-same" : "ce-twice", F(onProbabilities), F(onLogits));
        var same = Claim.Identity("NLLLoss(log_softmax(z))", [nll], "CrossEntropyLoss(z)", [onLogits], 1e-6 * Math.Max(1, Math.Abs(onLogits)));
        ctx.Say(same, same.MaxAbsDiff == 0 ? "nll-bitwise" : same.MaxAbsDiff <= same.Tolerance ? "nll-close" : "nll-differs",
            F(nll), F(onLogits), PyFormat.General(same.MaxAbsDiff, 3));
    }

    private void RowTakeAways(LessonContext ctx, BcePoint r, float clampFrom)
    {
        string label = r.Label == 1 ? "1" : "0";
        string Z(double v) => PyFormat.General(v, 6);
        string G(double v) => v == 0 ? "0" : PyFormat.General(v, 4);
        var quotes = new[] { ("z", (double)r.Z), ("label", (double)r.Label), ("sigmoid(z)", (double)r.P), ("clamped from", (double)clampFrom) };
        var loss = Claim.Compare("BCELoss(sigmoid(z))", r.Bce, "BCEWithLogitsLoss(z)", r.Exact, 1e-4 * Math.Max(1, r.Exact)).Quoting(quotes);
        // A clamped loss is the clamp even where it happens to equal the exact loss (z = ±100 exactly).
        string lossKey = Clamped(r) ? (r.Label == 0 ? "row-clamped-0" : r.P == 0 ? "row-clamped-1-zero" : "row-clamped-1-small") + (loss.Relation == "≈" ? "-equal" : "")
            : loss.Relation == "≈" ? "row-agrees"
            : r.Label == 0 && r.P >= 0.5 ? "row-rounded-0"
            : r.Label == 1 && r.P < 1.1754944e-38f ? "row-subnormal-1"
            : "row-differs";
        ctx.Say(loss, lossKey, Z(r.Z), label, PyFormat.Fixed(r.Bce, 4), PyFormat.Fixed(r.Exact, 4), Z(clampFrom), PyFormat.General(r.P, 4));

        var grad = Claim.Compare("d BCELoss/dz", r.BceGrad, "d BCEWithLogitsLoss/dz", r.ExactGrad, 1e-3 * Math.Abs(r.ExactGrad)).Quoting(quotes);
        double pq = (double)r.P * (1 - (double)r.P);
        string gradKey = grad.Relation == "≈" ? "grad-agrees"
            : r.BceGrad == 0 ? "grad-zero"
            : Math.Abs(r.BceGrad) < Math.Abs(r.ExactGrad) && pq < 1e-12 ? "grad-small"
            : "grad-differs";
        ctx.Say(gradKey == "grad-small" ? grad.Quoting(("p(1 − p)", pq)) : grad, gradKey, Z(r.Z), label, G(r.BceGrad), G(r.ExactGrad));
    }

    private void SaturationTakeAways(LessonContext ctx, Dictionary<float, (float ClampFrom, BcePoint Before, BcePoint AtClamp, float GradLostFrom)> saturation)
    {
        string Z(double v) => PyFormat.General(v, 6);
        string G(double v) => v == 0 ? "0" : PyFormat.General(v, 4);
        foreach (float label in new[] { 0f, 1f })
        {
            var (from, before, atClamp, lost) = saturation[label];
            var claim = Claim.Threshold("BCELoss clamped from z", from, 0).Quoting(
                ("sigmoid at the clamp", atClamp.P), ("BCELoss just before", before.Bce), ("exact just before", before.Exact),
                ("gradient just before", before.BceGrad), ("gradient at the clamp", atClamp.BceGrad), ("z just before", before.Z));
            string key = label == 0 ? (atClamp.P == 1 ? "clamp-0" : "clamp-0-other") : (atClamp.P == 0 ? "clamp-1-zero" : "clamp-1-small");
            ctx.Say(claim, key, Z(from), PyFormat.Fixed(before.Bce, 4), PyFormat.Fixed(before.Exact, 4), G(before.BceGrad), G(atClamp.BceGrad), PyFormat.General(atClamp.P, 4));
            // Where the gradient falls below 1% of the exact one: at the clamp itself, or before it?
            var gradient = Claim.Compare("gradient lost from z", Math.Abs(lost), "clamped from z", Math.Abs(from)).Quoting(("gradient lost from", lost), ("clamped from", from));
            string l = label == 0 ? "0" : "1";
            ctx.Say(gradient, gradient.Relation switch { "≈" => "grad-lost-at-clamp-" + l, "<" => "grad-lost-before-clamp-" + l, _ => "grad-lost-after-clamp-" + l },
                Z(lost), Z(from));
        }
    }

    private void SweepTakeAways(LessonContext ctx, double[] at, Dictionary<(string, float), (double[] Loss, double[] Grad)> curves)
    {
        string Z(double v) => PyFormat.General(v, 6);
        foreach (float label in new[] { 1f, 0f })
        {
            double[] bce = curves[("bce", label)].Loss, exact = curves[("bce_with_logits", label)].Loss;
            var off = Enumerable.Range(0, at.Length).Where(i => Math.Abs(exact[i] - bce[i]) > 1e-3 * Math.Max(1, exact[i])).ToList();
            string l = label == 1 ? "1" : "0";
            // Label 1 fails at its negative end, label 0 at its positive end: the off points nearest 0 bound them.
            double nearest = off.Count == 0 ? double.NaN : label == 1 ? off.Max(i => at[i]) : off.Min(i => at[i]);
            var claim = Claim.Threshold("points off by more than 0.1%", off.Count, 0).Quoting(("range", LogitRange), ("points", at.Length), ("nearest 0", nearest));
            if (off.Count == 0) ctx.Say(claim, "sweep-exact-" + l, Z(LogitRange), at.Length);
            else ctx.Say(claim, "sweep-off-" + l, Z(LogitRange), at.Length, off.Count, Z(nearest));
        }
    }
}
