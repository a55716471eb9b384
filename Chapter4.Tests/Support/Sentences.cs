using System.Globalization;
using System.Text.RegularExpressions;

namespace Chapter4.Tests.Support;

/// <summary>
/// Reading our sentences as a checker would: the numbers a sentence quotes, in order, and English that leaked into a
/// Chinese sentence.
/// </summary>
internal static partial class Sentences
{
    /// <summary>
    /// The numbers in <paramref name="text"/>, in order: "0.01", "-3", "−0.5" (U+2212 is a minus), "1e-08", "1,000". Digits glued
    /// to a Latin letter are part of a name (x1, L1, W0, log10), not a number; a Chinese character beside a digit is not a letter.
    /// </summary>
    public static IReadOnlyList<double> Numbers(string text) =>
        NumberPattern().Matches(text)
            .Select(m => double.Parse(m.Value.Replace(",", "", StringComparison.Ordinal).Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToList();

    // ASCII digits only: .NET's \d also matches full-width "０" (an input method's), which is text, not a number we print.
    [GeneratedRegex(@"(?<![A-Za-z0-9_.])[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+−]?[0-9]+)?(?![A-Za-z0-9_])")]
    private static partial Regex NumberPattern();

    /// <summary>
    /// The first run of at least <paramref name="words"/> English words in a row (separated by spaces only, at least two of them
    /// ordinary lowercase words), outside `code`, 'quoted' and "quoted" spans; null when there is none. Identifiers
    /// (optimizer.state[w], nn.SmoothL1Loss), formulas (lr/√(1−α)) and names in a list (SGD, Adam, RMSProp) are not words
    /// in a row, so a Chinese sentence that keeps them passes; an English clause ("the first step is") does not.
    /// </summary>
    public static string? EnglishRun(string text, int words = 4)
    {
        string prose = QuotedSpan().Replace(text, " ");
        var run = new List<string>();
        string? Found() => run.Count >= words && run.Count(w => w.Length >= 2 && w.TrimEnd(',', '.', ';', ':', '!', '?').All(char.IsLower)) >= 2
            ? string.Join(' ', run) : null;
        foreach (string token in prose.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Word().IsMatch(token))
            {
                if (Found() is { } english) return english;
                run.Clear();
                continue;
            }
            run.Add(token);
            // A word that ends a clause ("data," "win.") ends the run after it.
            if (token[^1] is ',' or '.' or ';' or ':' or '!' or '?')
            {
                if (Found() is { } english) return english;
                run.Clear();
            }
        }
        return Found();
    }

    [GeneratedRegex(@"`[^`]*`|'[^'\n]*'|""[^""\n]*""|“[^”\n]*”")]
    private static partial Regex QuotedSpan();

    [GeneratedRegex(@"^[A-Za-z]+(?:['’-][A-Za-z]+)*[,.;:!?]?$")]
    private static partial Regex Word();

    /// <summary>Whether <paramref name="text"/> has a Chinese character (CJK Unified Ideographs).</summary>
    public static bool HasChinese(string text) => text.Any(c => c is >= '\u4E00' and <= '\u9FFF');
}
