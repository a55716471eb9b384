using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 分类任务损失函数: the losses want logits, not probabilities. CrossEntropyLoss on the course's
/// probability rows and on logits with the same softmax; log_softmax + NLLLoss is the same loss; BCELoss
/// on a sigmoid against BCEWithLogitsLoss at a confident wrong logit (−100 clamp, the gradient it kills);
/// softmax overflow against log_softmax.
/// </summary>
public sealed class LogitsLesson : Lesson
{
    public override string Id => "logits";
    public override CourseSection Section => CourseOutline.ClassificationLosses;
    public override string Description => "CrossEntropyLoss on probabilities vs logits, log_softmax + NLL, BCE vs BCEWithLogits at logit ±100, softmax overflow";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("logits-bce-loss.png", "Label 1, loss against the logit: BCEWithLogitsLoss is the exact softplus(−z); BCELoss on sigmoid(z) stops at 100 for z below about −100, where sigmoid(z) underflows and its log is clamped."),
            new("logits-bce-grad.png", "The gradient the logit receives: σ(z) − 1 for BCEWithLogitsLoss, and 0 for BCELoss once the sigmoid saturates: a confidently wrong prediction is not corrected."),
        ];

    [Knob("y-pred", "the course's rows of class probabilities (each in [0, 1], summing to 1)", Min = 0, Max = 1)]
    public double[][] YPred { get; set; } = [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]];

    [Knob("y-true", "the class index of each row")]
    public double[][] YTrue { get; set; } = [[1, 2]];

    [Knob("logit", "how confident and wrong the BCE example is: logit −L with label 1, +L with label 0", Above = 0, Max = 1000)]
    public double Logit { get; set; } = 100;

    [Knob("logit-range", "the plots sweep the logit over ±this", Above = 0, Max = 1000)]
    public double LogitRange { get; set; } = 120;

    public override void Validate()
    {
        foreach (double[] row in YPred)
            if (Math.Abs(row.Sum() - 1) > 1e-6) throw new LessonInputException($"--y-pred: each row must sum to 1 (probabilities), got {Text.Number(row.Sum())}");
        // The targets too, before the first print.
        if (YTrue.Length != 1) throw new LessonInputException("--y-true: class indices are one row, e.g. --y-true 1,2");
        using var scope = torch.NewDisposeScope();
        LossChecks.CrossEntropy(KnobTensors.Matrix(YPred, "--y-pred"), LossChecks.ClassIndices(YTrue[0]));
    }

    public override void Run(LessonContext ctx)
    {
        var p = KnobTensors.Matrix(YPred, "--y-pred");
        if (YTrue.Length != 1) throw new LessonInputException("--y-true: class indices are one row, e.g. --y-true 1,2");
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

        var rows = new List<Dictionary<string, object?>>();
        ctx.Print($"{"logit",7} {"target",6} {"BCELoss",9} {"d/dlogit",12} {"BCEWithLogits",14} {"d/dlogit",12}");
        foreach (var (value, target) in new[] { (-Logit, 1.0), (Logit, 0.0) })
        {
            var a = torch.tensor(new[] { (float)value }, requires_grad: true);
            var bce = nn.BCELoss().call(torch.sigmoid(a), torch.tensor(new[] { (float)target }));
            bce.backward();
            var b = torch.tensor(new[] { (float)value }, requires_grad: true);
            var withLogits = nn.BCEWithLogitsLoss().call(b, torch.tensor(new[] { (float)target }));
            withLogits.backward();
            float bceValue = bce.item<float>(), bceGrad = a.grad!.item<float>(), wlValue = withLogits.item<float>(), wlGrad = b.grad!.item<float>();
            ctx.Print($"{PyFormat.Fixed((float)value, 1),7} {PyFormat.Fixed(target, 1),6} {PyFormat.Fixed(bceValue, 4),9} {PyFormat.Scientific(bceGrad, 4),12} " +
                      $"{PyFormat.Fixed(wlValue, 4),14} {PyFormat.Scientific(wlGrad, 4),12}");
            rows.Add(new() { ["logit"] = value, ["target"] = target, ["bce"] = bceValue, ["bce_grad"] = bceGrad, ["bce_with_logits"] = wlValue, ["bce_with_logits_grad"] = wlGrad });
        }

        var big = torch.tensor(new float[] { 1000, 0, -1000 });
        var naive = torch.exp(big) / torch.exp(big).sum();
        ctx.Print("exp(z)/sum(exp(z))->", naive);
        ctx.Print("softmax->", torch.softmax(big, -1));
        ctx.Print("log(softmax)->", torch.log(torch.softmax(big, -1)));
        ctx.Print("log_softmax->", big.log_softmax(-1));

        var sweep = torch.linspace(-LogitRange, LogitRange, 241);
        var curves = new Dictionary<string, object?>();
        var plotted = new Dictionary<string, (double[] Loss, double[] Grad)>();
        foreach (var (name, make) in new (string, Func<Tensor, Tensor>)[]
        {
            ("bce", x => nn.BCELoss(reduction: nn.Reduction.None).call(torch.sigmoid(x), torch.ones_like(x))),
            ("bce_with_logits", x => nn.BCEWithLogitsLoss(reduction: nn.Reduction.None).call(x, torch.ones_like(x))),
        })
        {
            var x = sweep.clone().requires_grad_();
            var loss = make(x);
            loss.sum().backward();
            curves[name] = new Dictionary<string, object?> { ["loss"] = loss, ["grad"] = x.grad };
            plotted[name] = (TensorValues.ToDoubles(loss), TensorValues.ToDoubles(x.grad!));
        }

        ctx.Result("ce_on_probabilities", ce_on_probabilities);
        ctx.Result("ce_on_logits", ce_on_logits);
        ctx.Result("nll_of_log_softmax", nll_of_log_softmax);
        ctx.Result("bce_at", rows);
        ctx.Result("naive_softmax", naive);
        ctx.Result("softmax", torch.softmax(big, -1));
        ctx.Result("log_of_softmax", torch.log(torch.softmax(big, -1)));
        ctx.Result("log_softmax", big.log_softmax(-1));
        ctx.Result("sweep", sweep);
        ctx.Result("curves", curves);

        double[] at = TensorValues.ToDoubles(sweep);
        var lossPlot = Figures.Create("Label 1: the loss against the logit", "logit z", "loss");
        var gradPlot = Figures.Create("Label 1: the gradient the logit receives", "logit z", "d loss / d z");
        lossPlot.Line(at, plotted["bce_with_logits"].Loss, "BCEWithLogitsLoss(z): softplus(−z), exact");
        var bceLoss = lossPlot.Line(at, plotted["bce"].Loss, "BCELoss(sigmoid(z)): log clamped at −100");
        bceLoss.LinePattern = ScottPlot.LinePattern.Dashed;
        gradPlot.Line(at, plotted["bce_with_logits"].Grad, "BCEWithLogitsLoss: σ(z) − 1");
        var bceGradLine = gradPlot.Line(at, plotted["bce"].Grad, "BCELoss(sigmoid(z))");
        bceGradLine.LinePattern = ScottPlot.LinePattern.Dashed;
        ctx.Save(lossPlot, "logits-bce-loss.png");
        ctx.Save(gradPlot, "logits-bce-grad.png");

        ctx.Note("");
        foreach (string line in TakeAways(ce_on_probabilities.item<float>(), ce_on_logits.item<float>(), nll_of_log_softmax.item<float>(), rows, plotted, at))
            ctx.Note(line);
    }

    /// <summary>Each sentence computed from this run's numbers.</summary>
    private IEnumerable<string> TakeAways(double onProbabilities, double onLogits, double nll, List<Dictionary<string, object?>> rows,
        Dictionary<string, (double[] Loss, double[] Grad)> curves, double[] at)
    {
        yield return $"CrossEntropyLoss on the probabilities gives {PyFormat.Fixed(onProbabilities, 4)}; on logits with the same softmax (log p) it gives " +
                     $"{PyFormat.Fixed(onLogits, 4)} = −Σ log p[y]: it applies log-softmax itself, so probabilities get softmaxed twice.";
        yield return nll == onLogits
            ? $"log_softmax followed by NLLLoss gives {PyFormat.Fixed(nll, 4)}: exactly CrossEntropyLoss on the logits (bit for bit here)."
            : $"log_softmax followed by NLLLoss gives {PyFormat.Fixed(nll, 4)}, CrossEntropyLoss {PyFormat.Fixed(onLogits, 4)}.";
        var wrong = rows[0];
        float bceGrad = (float)wrong["bce_grad"]!, wlGrad = (float)wrong["bce_with_logits_grad"]!;
        yield return $"At logit {PyFormat.Repr(-Logit)} with label 1, BCEWithLogitsLoss gives {PyFormat.Fixed((float)wrong["bce_with_logits"]!, 4)} and gradient " +
                     $"{PyFormat.General(wlGrad, 4)}; BCELoss on sigmoid(z) gives {PyFormat.Fixed((float)wrong["bce"]!, 4)} with gradient {PyFormat.General(bceGrad, 4)}" +
                     (Math.Abs(bceGrad) < 1e-6 * Math.Abs(wlGrad) ? ": the sigmoid saturates, so a confidently wrong prediction gets no gradient to correct it." : ".");
        double[] bce = curves["bce"].Loss, exact = curves["bce_with_logits"].Loss;
        var short_ = Enumerable.Range(0, at.Length).Where(i => exact[i] - bce[i] > 1e-3 * Math.Max(1, exact[i])).ToList();
        if (short_.Count > 0)
            yield return $"Over z in ±{PyFormat.Repr(LogitRange)}, BCELoss falls short of the exact loss at {short_.Count} of {at.Length} points, " +
                         $"all at z ≤ {PyFormat.General(short_.Max(i => at[i]), 4)}: sigmoid(z) underflows and BCELoss clamps its log at −100, so its loss stops at 100.";
        double[] g = curves["bce"].Grad, gExact = curves["bce_with_logits"].Grad;
        var dead = Enumerable.Range(0, at.Length).Where(i => Math.Abs(g[i]) < 0.01 * Math.Abs(gExact[i])).ToList();
        if (dead.Count > 0)
            yield return $"BCELoss's gradient is below 1% of the exact one already for z ≤ {PyFormat.General(dead.Max(i => at[i]), 4)} ({dead.Count} of {at.Length} points), " +
                         "long before its loss is clamped: its backward divides by max(p(1 − p), 1e-12), which stops tracking once p < 1e-12.";
        yield return "Softmax of [1000, 0, −1000] computed as exp(z)/Σexp(z) overflows (inf/inf = nan); torch.softmax subtracts the maximum first, " +
                     "but log(softmax) still gives −inf where log_softmax gives the exact −1000 and −2000: take logs with log_softmax.";
    }
}
