using Chapter4.Language;

namespace Chapter4.Harness;

public static partial class Text
{
    /// <summary>"…… (5,001 characters)" in the UI language (RunTexts: echo.cut).</summary>
    private static partial string Cut(string head, int length) => RunTexts.Format("echo.cut", head, length);
}
