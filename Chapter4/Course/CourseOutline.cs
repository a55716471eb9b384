namespace Chapter4.Course;

/// <summary>
/// Every heading of the course's chapter 4 (the course's Chinese notes, not part of this repository;
/// the lessons' "step N" comments are its "todo:N" markers), numbered in reading order. A heading with
/// no snippet of its own carries a short note; <c>list</c> shows them all.
/// </summary>
public static class CourseOutline
{
    public static readonly CourseSection Network = new("1", "神经网络搭建和参数计算", "Building a network and computing its parameters");
    public static readonly CourseSection BuildModel = new("1.1", "构建神经网络模型", "Building a neural network model");
    public static readonly CourseSection ModelParameters = new("1.2", "计算和查看模型参数", "Computing and viewing model parameters");
    public static readonly CourseSection ProsAndCons = new("1.3", "神经网络的优缺点", "Strengths and weaknesses of neural networks",
        "Text only. Strengths: with enough units a network approximates any continuous function, and it learns its features " +
        "from data. Weaknesses: it needs much data and compute, is hard to explain, has many hyper-parameters and overfits " +
        "small data sets. The course's \"精度高，性能优于其他的机器学习方法\" overclaims: on small tabular data other methods often win.");

    public static readonly CourseSection Losses = new("2", "损失函数", "Loss functions");
    public static readonly CourseSection WhatIsALoss = new("2.1", "什么是损失函数", "What a loss function is",
        "Text only. A loss is one number that says how far the predictions are from the targets; training lowers it. " +
        "Back-propagation (loss.backward()) computes its gradient and gradient descent uses it to update the weights. " +
        "Every loss lesson below prints one.");
    public static readonly CourseSection ClassificationLosses = new("2.2", "分类任务损失函数", "Classification losses");
    public static readonly CourseSection MultiClassLoss = new("2.2.1", "多分类任务损失函数", "Multi-class classification loss");
    public static readonly CourseSection BinaryLoss = new("2.2.2", "二分类任务损失函数", "Binary classification loss");
    public static readonly CourseSection RegressionLosses = new("2.3", "回归任务损失函数", "Regression losses");
    public static readonly CourseSection MaeLoss = new("2.3.1", "MAE回归损失函数", "MAE regression loss");
    public static readonly CourseSection MseLoss = new("2.3.2", "MSE损失函数", "MSE loss");
    public static readonly CourseSection SmoothL1Loss = new("2.3.3", "Smooth L1损失函数", "Smooth L1 loss");

    public static readonly CourseSection Optimization = new("3", "神经网络优化方法", "Optimizing a neural network");
    public static readonly CourseSection GradientDescent = new("3.1", "梯度下降算法回顾", "Gradient descent revisited");
    public static readonly CourseSection Backpropagation = new("3.2", "反向传播算法(BP算法)", "Back-propagation");
    public static readonly CourseSection GradientDescentMethods = new("3.3", "梯度下降优化方法", "Gradient descent optimizers",
        "Plain gradient descent slows to a crawl where the gradient is small: on plateaus, near saddle points (gradient 0 " +
        "but not a minimum) and in poor local minima. The methods below change the step to get through; optimizer-paths' " +
        "saddle shows it (the course's \"避免…局部最小值\" is too strong: they help, they do not guarantee).");
    public static readonly CourseSection Ewma = new("3.3.1", "指数移动加权平均", "Exponentially weighted moving average");
    public static readonly CourseSection Sgd = new("3.3.2", "SGD", "SGD",
        "torch.optim.SGD is plain gradient descent, W ← W − lr·grad, using only the current gradient. Its name says nothing " +
        "about the batch size: the data loader chooses the batch, so one optimizer runs BGD, SGD and mini-batch GD alike " +
        "(gd-variants shows all three).");
    public static readonly CourseSection Momentum = new("3.3.3", "动量算法(Momentum)", "Momentum");
    public static readonly CourseSection AdaGrad = new("3.3.4", "AdaGrad", "AdaGrad");
    public static readonly CourseSection RmsProp = new("3.3.5", "RMSProp", "RMSProp");
    public static readonly CourseSection Adam = new("3.3.6", "Adam", "Adam");
    public static readonly CourseSection ChooseOptimizer = new("3.3.7", "如何选择梯度下降优化方法", "Choosing an optimizer");

    public static readonly CourseSection LrDecay = new("4", "学习率衰减优化方法", "Learning-rate decay");
    public static readonly CourseSection WhyDecay = new("4.1", "为什么进行学习率优化", "Why adjust the learning rate");
    public static readonly CourseSection StepLr = new("4.2", "等间隔学习率衰减", "Step learning-rate decay");
    public static readonly CourseSection MultiStepLr = new("4.3", "指定间隔学习率衰减", "Multi-step learning-rate decay");
    public static readonly CourseSection ExponentialLr = new("4.4", "按指数学习率衰减", "Exponential learning-rate decay");
    public static readonly CourseSection ChooseLr = new("4.5", "如何选择学习率衰减方法", "Choosing a learning-rate schedule");

    /// <summary>Every heading, in the course's order.</summary>
    public static IReadOnlyList<CourseSection> Sections { get; } =
    [
        Network, BuildModel, ModelParameters, ProsAndCons,
        Losses, WhatIsALoss, ClassificationLosses, MultiClassLoss, BinaryLoss, RegressionLosses, MaeLoss, MseLoss, SmoothL1Loss,
        Optimization, GradientDescent, Backpropagation, GradientDescentMethods, Ewma, Sgd, Momentum, AdaGrad, RmsProp, Adam, ChooseOptimizer,
        LrDecay, WhyDecay, StepLr, MultiStepLr, ExponentialLr, ChooseLr,
    ];
}
