using System.Runtime.InteropServices;
using Chapter4.Harness;
using Chapter4.Printing;

namespace Chapter4.Training;

/// <summary>
/// Every iterating lesson stops when its values stop being numbers, says where, and keeps what it
/// had computed (the caller records its results before throwing the message as a
/// <see cref="LessonRunException"/>, exit 1).
/// </summary>
public static class NonFinite
{
    /// <summary>"w became inf at step 4 (learning rate 1e+30); try a smaller --lr".</summary>
    public static string Message(string what, double value, string where, double lr) =>
        $"diverged: {what} became {PyFormat.Repr(value)} at {where} (learning rate {PyFormat.Repr(lr)}); try a smaller --lr";

    /// <summary>libtorch's float32 overflow of a number passed to an op (e.g. Adam's lr / (1 − β1^t)).</summary>
    public static bool IsFloatOverflow(Exception e) =>
        e is ExternalException && e.Message.Contains("without overflow", StringComparison.Ordinal);

    /// <summary>The message for a float32 overflow inside libtorch.</summary>
    public static string OverflowMessage(string where, double lr) =>
        $"diverged: a value passed to libtorch overflowed float32 at {where} (learning rate {PyFormat.Repr(lr)}); try a smaller --lr";

    /// <summary>True when every value is finite.</summary>
    public static bool AllFinite(params double[] values) => values.All(double.IsFinite);
}
