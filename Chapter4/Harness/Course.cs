namespace Chapter4.Harness;

/// <summary>The headings of the course's chapter 4 (the course's Chinese notes, not part of this repository; the lessons' "step N" comments are its "todo:N" markers), numbered in reading order.</summary>
public static class Course
{
    public static readonly CourseSection BuildModel = new("1.1", "构建神经网络模型", "Building a neural network model");
    public static readonly CourseSection ModelParameters = new("1.2", "计算和查看模型参数", "Computing and viewing model parameters");

    public static readonly CourseSection MultiClassLoss = new("2.2.1", "多分类任务损失函数", "Multi-class classification loss");
    public static readonly CourseSection BinaryLoss = new("2.2.2", "二分类任务损失函数", "Binary classification loss");
    public static readonly CourseSection MaeLoss = new("2.3.1", "MAE回归损失函数", "MAE regression loss");
    public static readonly CourseSection MseLoss = new("2.3.2", "MSE损失函数", "MSE loss");
    public static readonly CourseSection SmoothL1Loss = new("2.3.3", "Smooth L1损失函数", "Smooth L1 loss");
    public static readonly CourseSection LossShapes = new("2.3.4", "回归任务损失函数", "Regression and classification loss shapes");

    public static readonly CourseSection GradientDescent = new("3.1", "梯度下降算法回顾", "Gradient descent revisited");
    public static readonly CourseSection Backpropagation = new("3.2", "反向传播算法(BP算法)", "Back-propagation");
    public static readonly CourseSection Ewma = new("3.3.1", "指数移动加权平均", "Exponentially weighted moving average");
    public static readonly CourseSection Momentum = new("3.3.3", "动量算法(Momentum)", "Momentum");
    public static readonly CourseSection AdaGrad = new("3.3.4", "AdaGrad", "AdaGrad");
    public static readonly CourseSection RmsProp = new("3.3.5", "RMSProp", "RMSProp");
    public static readonly CourseSection Adam = new("3.3.6", "Adam", "Adam");
    public static readonly CourseSection ChooseOptimizer = new("3.3.7", "如何选择梯度下降优化方法", "Choosing an optimizer");

    public static readonly CourseSection StepLr = new("4.2", "等间隔学习率衰减", "Step learning-rate decay");
    public static readonly CourseSection MultiStepLr = new("4.3", "指定间隔学习率衰减", "Multi-step learning-rate decay");
    public static readonly CourseSection ExponentialLr = new("4.4", "按指数学习率衰减", "Exponential learning-rate decay");
    public static readonly CourseSection ChooseLr = new("4.5", "如何选择学习率衰减方法", "Choosing a learning-rate schedule");
}
