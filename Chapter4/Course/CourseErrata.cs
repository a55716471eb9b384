namespace Chapter4.Course;

/// <summary>
/// The course's errors, in the course's order, each filed under the heading where the course makes it and checked by
/// running the lesson that shows it (and where a number is quoted, by PyTorch 1.13). Their words are in
/// CourseErrata.resx (English) and CourseErrata.zh-CN.resx (Chinese), keyed "KEY.course" and "KEY.correction".
/// Every lesson prints the errata that name it, after its own output; `errata` lists them all.
/// </summary>
public static class CourseErrata
{
    public static IReadOnlyList<CourseErratum> All { get; } =
    [
        new("linear2-init", CourseOutline.BuildModel, ["model", "parameters", "init-dead-relu"]),
        new("train-summary", CourseOutline.ModelParameters, ["parameters"]),
        new("summary-import", CourseOutline.ModelParameters, ["parameters"]),
        // A claim about the field: no snippet can show it (list's note for 1.3 says the same).
        new("pros-accuracy", CourseOutline.ProsAndCons, []),
        new("loss-gradient", CourseOutline.WhatIsALoss, ["backprop"]),
        new("ce-probabilities", CourseOutline.MultiClassLoss, ["loss-ce", "model", "logits", "backprop-model"]),
        new("ce-onehot", CourseOutline.MultiClassLoss, ["loss-ce"]),
        new("bce-name", CourseOutline.BinaryLoss, ["loss-bce"]),
        new("regression-comments", CourseOutline.RegressionLosses, ["loss-mae", "loss-mse", "loss-smoothl1"]),
        new("mse-explosion", CourseOutline.MseLoss, ["loss-mse", "loss-curves", "robust-regression"]),
        new("smoothl1", CourseOutline.SmoothL1Loss, ["loss-smoothl1", "loss-curves", "robust-regression"]),
        new("chain-rule", CourseOutline.Backpropagation, ["backprop", "backprop-model"]),
        new("optimizers-avoid", CourseOutline.GradientDescentMethods, ["optimizer-paths"]),
        new("ewma", CourseOutline.Ewma, ["ewma"]),
        new("momentum-rule", CourseOutline.Momentum, ["momentum"]),
        new("momentum-grad-comment", CourseOutline.Momentum, ["momentum"]),
        new("momentum-tabs", CourseOutline.Momentum, ["momentum"]),
        new("rmsprop-words", CourseOutline.RmsProp, ["rmsprop"]),
        new("adam-bias", CourseOutline.Adam, ["adam"]),
        new("choose-optimizer", CourseOutline.ChooseOptimizer, ["optimizer-compare", "optimizer-paths"]),
        new("why-decay", CourseOutline.WhyDecay, ["lr-sweep"]),
        new("multistep-comments", CourseOutline.MultiStepLr, ["lr-multistep", "lr-exponential"]),
        new("multistep-intervals", CourseOutline.MultiStepLr, ["lr-multistep"]),
        new("exponential-gamma", CourseOutline.ExponentialLr, ["lr-exponential"]),
        new("choose-lr", CourseOutline.ChooseLr, ["lr-compare"]),
    ];

    /// <summary>The errata a lesson prints.</summary>
    public static IEnumerable<CourseErratum> For(string lessonId) => All.Where(e => e.Lessons.Contains(lessonId));
}
