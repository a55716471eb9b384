using System.Globalization;

namespace Chapter4.Harness;

public static partial class Text
{
    /// <summary>The exercises' checker speaks English only: "… (5,001 characters)".</summary>
    private static partial string Cut(string head, int length) =>
        $"{head}… ({length.ToString("N0", CultureInfo.InvariantCulture)} characters)";
}
