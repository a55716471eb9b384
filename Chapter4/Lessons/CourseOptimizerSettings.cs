using Chapter4.Claims;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;

namespace Chapter4.Lessons;

/// <summary>
/// The chapter's rule for RMSProp's α and Adam's betas, said once by every lesson that builds them (rmsprop, adam,
/// optimizer-paths, optimizer-compare): the same sentence everywhere, its words in Lesson.resx where every lesson finds
/// them, and, when this run built an optimizer with other values (read back from it), which.
/// </summary>
internal static class CourseOptimizerSettings
{
    /// <param name="alpha">RMSProp's α as built, or null when no RMSProp was built.</param>
    /// <param name="betas">Adam's betas as built, or null when no Adam was built.</param>
    public static void Say(LessonContext ctx, double? alpha, (double Beta1, double Beta2)? betas)
    {
        var course = OptimizerSettings.Course;
        ctx.Fact("optimizer-settings", [("course alpha", course.RmsPropAlpha), ("course beta1", course.AdamBeta1), ("course beta2", course.AdamBeta2)]);
        if (alpha is { } a && a != course.RmsPropAlpha)
            ctx.Say(Claim.Compare("alpha (built)", a, "alpha (course)", course.RmsPropAlpha), "settings-alpha-changed", N(a));
        if (betas is var (beta1, beta2) && (beta1, beta2) != (course.AdamBeta1, course.AdamBeta2))
            ctx.Say(Claim.Compare("beta2 (built)", beta2, "beta2 (course)", course.AdamBeta2).Quoting(("beta1 (built)", beta1), ("beta1 (course)", course.AdamBeta1)),
                "settings-betas-changed", N(beta1), N(beta2));
    }

    /// <summary>The values built with, read back from the optimizers: {"rmsprop": {"alpha"}, "adam": {"beta1", "beta2"}}.</summary>
    public static void Say(LessonContext ctx, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> built) =>
        Say(ctx, built.TryGetValue("rmsprop", out var r) ? r["alpha"] : null,
            built.TryGetValue("adam", out var b) ? (b["beta1"], b["beta2"]) : null);

    private static string N(double v) => PyFormat.General(v, 6);
}
