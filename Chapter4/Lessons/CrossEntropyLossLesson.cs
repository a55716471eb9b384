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
                    throw new LessonInputException($"--y-true: with --target onehot every row is one-hot (one 1, the rest 0), got {string.Join(",", row.Select(Text.Number))}");
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
        ctx.Note("Take-away: CrossEntropyLoss expects logits (raw scores) and applies log-softmax itself.");
        if (loss_on_log_probs is not null)
        {
            ctx.Note($"  The course feeds it probabilities, which it softmaxes again: loss {TorchRepr.Str(loss.detach())}.");
            ctx.Note($"  Had the model output logits log(p) for the same probabilities, the loss would be -log p[y]: {TorchRepr.Str(loss_on_log_probs)}.");
        }
        ctx.Note($"  d loss / d y_pred = softmax(y_pred) - one_hot(y) (÷N for mean): {TorchRepr.Str(y_pred.grad!)}");
        if (Target == CrossEntropyTarget.Onehot)
        {
            // What the course's mistake changes: the rows' classes, and the loss of the index target it meant.
            double[][] rows = YTrue ?? [[0, 1, 0], [1, 0, 0]];
            if (rows.All(r => r.Count(v => v == 1) == 1 && r.All(v => v is 0 or 1)))
            {
                long[] classes = rows.Select(r => (long)Array.IndexOf(r, 1.0)).ToArray();
                ctx.Note($"  These one-hot rows name classes [{string.Join(", ", classes)}].");
                if (YTrue is null && rows.Length == YPred.Length)
                {
                    using var meant = torch.tensor(new long[] { 1, 2 });
                    using var withIndex = criterion.call(y_pred.detach(), meant);
                    ctx.Note($"  The course meant the index target [1, 2]; with it the loss is {TorchRepr.Str(withIndex)}, not {TorchRepr.Str(loss.detach())}.");
                }
            }
        }
    }

    // PyTorch's autograd node for this loss: NLL for indices; for probabilities a negated sum, divided for 'mean'.
    private string GradFn => Target == CrossEntropyTarget.Index ? "NllLossBackward0"
        : Reduction == nn.Reduction.Mean ? "DivBackward1" : "NegBackward0";

    private static double[] SingleRow(double[][] rows) => rows.Length == 1 ? rows[0]
        : throw new LessonInputException("--y-true: class indices are one row, e.g. --y-true 1,2 (use --target onehot for rows)");
}
