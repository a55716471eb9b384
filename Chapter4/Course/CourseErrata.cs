namespace Chapter4.Course;

/// <summary>A mistake in the course text: what it says, what is right, and the lessons that show it.</summary>
public sealed record CourseErratum(CourseSection Section, string Course, string Correction, string[] Lessons)
{
    /// <summary>The line a lesson prints where the learner meets the mistake.</summary>
    public string Line => $"Course erratum: {Course}; {Correction} (see: {string.Join(", ", Lessons)})";
}

/// <summary>
/// The course's errors, each checked by running the lesson that mirrors the snippet (and where a number
/// is quoted, by PyTorch 1.13). Every lesson prints the errata that name it, after its own output;
/// `errata` lists them all.
/// </summary>
public static class CourseErrata
{
    public static IReadOnlyList<CourseErratum> All { get; } =
    [
        new(CourseOutline.MultiClassLoss,
            "the course passes probabilities (softmax outputs) to nn.CrossEntropyLoss, and ModelDemo ends in a softmax",
            "CrossEntropyLoss applies log-softmax itself and expects logits, so the probabilities are softmaxed twice: the course's rows give 2.0577 instead of −log p[y] = 2.5257",
            ["loss-ce", "model", "logits", "backprop-model"]),
        new(CourseOutline.MultiClassLoss,
            "the course offers the one-hot target [[0,1,0],[1,0,0]] as the index target [1, 2]",
            "those rows mean classes [1, 0]: the loss is 1.4577, not 2.0577 (loss-ce --target onehot)",
            ["loss-ce"]),
        new(CourseOutline.BinaryLoss,
            "the course writes nn.BCEloss() and comments the BCE object as \"创建多分类交叉熵损失对象\" (multi-class)",
            "the class is nn.BCELoss, and it is the binary cross-entropy",
            ["loss-bce"]),
        new(CourseOutline.RegressionLosses,
            "the regression snippets keep the comment \"0.6901… sigmoid函数的激活值\" (copied from BCE), and the MSE snippet comments \"MAE损失对象\"",
            "the regression targets are plain numbers, not sigmoid activations, and the MSE snippet creates nn.MSELoss",
            ["loss-mae", "loss-mse", "loss-smoothl1"]),
        new(CourseOutline.SmoothL1Loss,
            "the course calls Smooth L1 MAE/MSE piecewise in \"w\", writes nn.SmoothL1(), and calls it \"不受异常值影响\" (unaffected by outliers)",
            "with the error e and threshold β it is 0.5·e²/β for |e| < β and |e| − 0.5·β beyond; the class is nn.SmoothL1Loss; it caps an outlier's gradient at ±1 but outliers still pull the fit",
            ["loss-smoothl1", "loss-curves", "robust-regression"]),
        new(CourseOutline.Ewma,
            "the course says the weights are 0.9², 0.9³, … and that a larger β stays \"越接近当前时刻真实值\" (closer to today's value)",
            "the weight of the value k days back is (1−β)·β^k; a larger β is smoother and lags more; with S₀ = 0 the early averages are biased toward 0 (divide by 1 − β^t)",
            ["ewma"]),
        new(CourseOutline.Momentum,
            "the course writes S_t = (1−β)·g_t + β·S_(t−1) and gives no update rule",
            "PyTorch's SGD keeps v_t = μ·v_(t−1) + g_t and steps w ← w − lr·v_t; its v is the course's S/(1−β), so PyTorch at lr equals the course's rule at lr/(1−β)",
            ["momentum"]),
        new(CourseOutline.Momentum,
            "a comment of the course says the printed gradient is the exponentially weighted average",
            "w.grad is the raw gradient of the last step; the average lives in optimizer.state[w]['momentum_buffer']",
            ["momentum"]),
        new(CourseOutline.Momentum,
            "the course's momentum snippet mixes tabs and spaces",
            "as printed, Python raises IndentationError; indent with spaces only",
            ["momentum"]),
        new(CourseOutline.RmsProp,
            "the course writes \"adagrap\" and describes RMSProp as averaging the gradient",
            "it is AdaGrad, and RMSProp averages the squared gradient g², then divides the step by √(that average)",
            ["rmsprop"]),
        new(CourseOutline.Adam,
            "the course says nothing of bias correction and uses betas=(0.9, 0.99) as if standard",
            "Adam divides m and v by 1 − β^t because both start at 0 (without it the early steps are off: lr·(1−β1)/√(1−β2) at step 1, which is lr for the course's betas but 3.2·lr for PyTorch's), and PyTorch's default betas are (0.9, 0.999)",
            ["adam"]),
        new(CourseOutline.ChooseOptimizer,
            "the course says SGD and momentum suit simple tasks, Adam complex ones, AdaGrad and RMSProp text (NLP)",
            "these are rules of thumb, not results: which optimizer wins depends on each one's tuned learning rate and the task",
            ["optimizer-compare", "optimizer-paths"]),
        new(CourseOutline.WhyDecay,
            "the course says a decaying learning rate \"避免过拟合\" (avoids overfitting) and a large one makes the \"梯度震荡\" (gradient oscillate)",
            "decay helps the loss settle (it is not a regulariser); with too large a rate the weights and the loss oscillate or diverge",
            ["lr-sweep"]),
        new(CourseOutline.MultiStepLr,
            "the course keeps the comment \"创建等间隔学习率衰减对象\" (step decay) for MultiStepLR and ExponentialLR, and calls plt.legend() with no labels",
            "the objects are multi-step and exponential schedulers, and that legend is empty (give plot(label=...))",
            ["lr-multistep", "lr-exponential"]),
        new(CourseOutline.MultiStepLr,
            "the course says the milestones give \"前期多, 中期少, 后期更少\" (long early, shorter later)",
            "milestones [50, 100, 160] over 200 epochs give intervals of 50, 50, 60 and 40 epochs",
            ["lr-multistep"]),
        new(CourseOutline.ExponentialLr,
            "the course runs ExponentialLR with γ = 0.9 over 200 epochs and says \"gamma设置大一些, 初始指数大\"",
            "0.1·0.9^199 = 7.8e-11: below 1e-4 from epoch 66, so two thirds of the run learn almost nothing; gamma is the per-epoch factor, closer to 1 decays slower",
            ["lr-exponential"]),
        new(CourseOutline.ChooseLr,
            "the course says \"优先选择指数衰减\" (prefer exponential decay)",
            "no schedule is best in general: in lr-compare's fair comparison (validation loss, 3 seeds) ExponentialLR has no advantage, and most schedules end within one standard deviation of each other",
            ["lr-compare"]),
        new(CourseOutline.ModelParameters,
            "the course says train() \"进行模型训练\" (trains the model) and that summary's input_size is \"样本的特征数\" (the number of features)",
            "train() runs one forward pass and no training; summary(input_size=(5, 3)) treats (5, 3) as ONE sample's shape, hence the [-1, 5, 3] rows",
            ["parameters"]),
        new(CourseOutline.BuildModel,
            "the course initialises linear2 (after a sigmoid) with Kaiming weights and zero bias, as the way to start a ReLU layer",
            "its inputs are always positive, so a unit whose weights are all ≤ 0 never fires: over 1,000 seeds 24% of networks have a dead linear2 unit and 14% give identical output rows (seed 0 among them)",
            ["model", "parameters"]),
        new(CourseOutline.WhatIsALoss,
            "the course says the loss \"指导通过梯度下降法计算梯度\", back-propagation is \"梯度连乘\", optimizers \"避免…局部最小值\", and networks are \"精度高，性能优于其他\"",
            "back-propagation computes the gradient and gradient descent uses it; the chain rule multiplies along a path and sums over paths; optimizers help with, not avoid, saddle points and local minima; networks do not beat every other method",
            ["backprop"]),
    ];

    /// <summary>The errata a lesson prints.</summary>
    public static IEnumerable<CourseErratum> For(string lessonId) => All.Where(e => e.Lessons.Contains(lessonId));
}
