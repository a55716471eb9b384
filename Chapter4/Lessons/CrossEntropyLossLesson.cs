using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

public enum CrossEntropyTarget { Index, Onehot }

/// <summary>多分类任务损失函数: nn.CrossEntropyLoss on two samples of three classes.</summary>
public sealed class CrossEntropyLossLesson : Lesson
{
    public override string Id => "loss-ce";
    public override string? Snippet => "2.2.1-cross-entropy";
    public override CourseSection Section => CourseOutline.MultiClassLoss;
    public override string Description => "nn.CrossEntropyLoss(reduction='sum') on the course's 2 samples × 3 classes; index or one-hot targets";

    [Knob("target", "class indices, or the course's commented-out one-hot rows (read as probabilities)")]
    public CrossEntropyTarget Target { get; set; } = CrossEntropyTarget.Index;

    [Knob("reduction", "how the per-sample losses combine")]
    public nn.Reduction Reduction { get; set; } = nn.Reduction.Sum;

    [Knob("y-pred", "the predictions, one row per sample")]
    public double[][] YPred { get; set; } = [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]];

    [Knob("y-true", "targets: one row of class indices, or one-hot rows with --target onehot (none: the course's [1, 2] / [[0,1,0],[1,0,0]])")]
    public double[][]? YTrue { get; set; }

    public override void Validate()
    {
        // The targets are checked before the first print: bad targets are bad input, not a lesson that failed half-way.
        if (Target == CrossEntropyTarget.Onehot && YTrue is not null)
            foreach (double[] row in YTrue)
                if (row.Count(v => v == 1) != 1 || row.Any(v => v is not (0 or 1)))
                    throw new LessonInputException(T("error.not-onehot", string.Join(",", row.Select(Text.Number))));
        using var scope = torch.NewDisposeScope();
        LossChecks.CrossEntropy(KnobTensors.Matrix(YPred, "--y-pred"), Targets());
    }

    // y_true = torch.tensor(data=[1, 2])  or, one-hot: torch.tensor(data=[[0, 1, 0], [1, 0, 0]], dtype=torch.float32)
    private Tensor Targets() => Target == CrossEntropyTarget.Index
        ? LossChecks.ClassIndices(SingleRow(YTrue ?? [[1, 2]]))
        : KnobTensors.Matrix(YTrue ?? [[0, 1, 0], [1, 0, 0]], "--y-true");

    public override void Run(LessonContext ctx)
    {
        Tensor y_true = Targets();
        ctx.Print("y_true->", y_true.dtype);
        var y_pred = KnobTensors.Matrix(YPred, "--y-pred", requiresGrad: true);
        var criterion = nn.CrossEntropyLoss(reduction: Reduction);
        LossChecks.CrossEntropy(y_pred, y_true);
        var loss = criterion.call(y_pred, y_true);
        ctx.Print("loss->", new GradFnTensor(loss, GradFn));

        // Beyond the snippet: the gradient, and (when the rows are probabilities) the loss the course means.
        loss.sum().backward();
        // Rows are probabilities when each lies in [0, 1] and sums to 1; only then is -log p[y] the loss the course means.
        bool probabilities = YPred.All(row => row.All(p => p is >= 0 and <= 1) && Math.Abs(row.Sum() - 1) <= 1e-6);
        Tensor? loss_on_log_probs = probabilities ? criterion.call(y_pred.detach().log(), y_true) : null;
        ctx.Result("y_pred", y_pred);
        ctx.Result("y_true", y_true);
        ctx.Result("loss", loss);
        ctx.Result("requires_grad", loss.requires_grad);
        ctx.Result("grad", y_pred.grad);
        ctx.Result("loss_on_log_probs", loss_on_log_probs);

        ctx.Note("");
        TakeAways(ctx, y_pred, y_true, loss.detach(), loss_on_log_probs, criterion);
    }

    private static string Row(IEnumerable<double> values) => string.Join(", ", values.Select(v => PyFormat.General(v, 4)));

    private void TakeAways(LessonContext ctx, Tensor y_pred, Tensor y_true, Tensor loss, Tensor? loss_on_log_probs, Loss<Tensor, Tensor, Tensor> criterion)
    {
        ctx.Fact("expects-logits");
        double[] losses = TensorValues.ToDoubles(loss);
        if (loss_on_log_probs is not null)
        {
            double[] meant = TensorValues.ToDoubles(loss_on_log_probs);
            if (meant.Any(v => !double.IsFinite(v)))
                ctx.Say(Claim.Fact().Quoting(losses.Select((v, i) => ($"loss {i}", v)).ToArray()), "twice-infinite", Row(losses), Row(meant));
            else
            {
                // Two different losses unless the second softmax happens to change nothing (float32 rounding: 1e-6 relative).
                var twice = Claim.Identity("CrossEntropyLoss(probabilities)", losses, "CrossEntropyLoss(log p) = −log p[y]", meant, 1e-6 * Math.Max(1, meant.Max(Math.Abs)));
                ctx.Say(twice, twice.MaxAbsDiff > twice.Tolerance ? "twice" : "twice-same", Row(losses), Row(meant));
            }
        }

        // d loss/d y_pred = (softmax(y_pred) − target)·s, s = 1/N for 'mean': computed in float64 from the inputs.
        double[] grad = TensorValues.ToDoubles(y_pred.grad!);
        int rows = YPred.Length, classes = YPred[0].Length;
        double[] target = Target == CrossEntropyTarget.Index
            ? Enumerable.Range(0, rows * classes).Select(k => (double)(TensorValues.ToDoubles(y_true)[k / classes] == k % classes ? 1 : 0)).ToArray()
            : TensorValues.ToDoubles(y_true);
        double s = Reduction == nn.Reduction.Mean ? 1.0 / rows : 1.0;
        double[] expected = new double[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            double max = YPred[r].Max(), sum = YPred[r].Sum(v => Math.Exp(v - max));
            for (int c = 0; c < classes; c++) expected[r * classes + c] = (Math.Exp(YPred[r][c] - max) / sum - target[r * classes + c]) * s;
        }
        var gradient = Claim.Identity("d loss/d y_pred", grad, "(softmax(y_pred) − target)·s", expected, 1e-5).Quoting(("N", rows));
        ctx.Say(gradient, gradient.MaxAbsDiff > gradient.Tolerance ? "grad-other" : Reduction == nn.Reduction.Mean ? "grad-mean" : "grad-sum",
            Row(grad), rows);

        if (Target == CrossEntropyTarget.Onehot)
        {
            // What the course's mistake changes: the rows' classes, and the loss of the index target it meant.
            double[][] targetRows = YTrue ?? [[0, 1, 0], [1, 0, 0]];
            if (targetRows.All(r => r.Count(v => v == 1) == 1 && r.All(v => v is 0 or 1)))
            {
                long[] named = targetRows.Select(r => (long)Array.IndexOf(r, 1.0)).ToArray();
                ctx.Say(Claim.Fact().Quoting(named.Select((c, i) => ($"class of row {i}", (double)c)).ToArray()), "onehot-classes", string.Join(", ", named));
                if (YTrue is null && targetRows.Length == YPred.Length)
                {
                    using var meantTarget = torch.tensor(new long[] { 1, 2 });
                    using var withIndex = criterion.call(y_pred.detach(), meantTarget);
                    double[] indexLoss = TensorValues.ToDoubles(withIndex);
                    var differs = Claim.Identity("loss with the index target [1, 2]", indexLoss, "loss with the one-hot rows", losses, 1e-6 * Math.Max(1, losses.Max(Math.Abs)));
                    ctx.Say(differs, differs.MaxAbsDiff > differs.Tolerance ? "onehot-meant" : "onehot-meant-same", Row(indexLoss), Row(losses));
                }
            }
        }
    }

    // PyTorch's autograd node for this loss: NLL for indices; for probabilities a negated sum, divided for 'mean'.
    private string GradFn => Target == CrossEntropyTarget.Index ? "NllLossBackward0"
        : Reduction == nn.Reduction.Mean ? "DivBackward1" : "NegBackward0";

    private double[] SingleRow(double[][] rows) => rows.Length == 1 ? rows[0]
        : throw new LessonInputException(T("error.one-row"));
}
