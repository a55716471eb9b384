using Chapter4.Course;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>MSE损失函数: nn.MSELoss.</summary>
public sealed class MseLossLesson : RegressionLossLesson
{
    public override string Id => "loss-mse";
    public override string? Snippet => "2.3.2-mse";
    public override CourseSection Section => CourseOutline.MseLoss;
    public override string Description => "nn.MSELoss() on y_pred [1.3, 1.7, 2.0] vs y_true [1.2, 1.5, 2.0]";
    protected override string LossName => "MSELoss";
    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.MSELoss(reduction: Reduction);
    protected override string GradFn => "MseLossBackward0";

    protected override double ExpectedGradient(double error) => 2 * error;
    protected override string Formula => "2e";
    protected override (string Key, object?[] Args, (string, double)[] Quotes) GradientSentence() => ("mse-grad", [], []);
}
