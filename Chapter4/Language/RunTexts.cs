using System.Globalization;
using System.Text.RegularExpressions;

namespace Chapter4.Language;

/// <summary>
/// The words of a lesson run outside the lesson (RunTexts.resx, RunTexts.zh-CN.resx): what knobs accept and why a value
/// is refused, the runner's one-line errors, the plots folder, the missing CJK font.
/// </summary>
public static partial class RunTexts
{
    public static string Get(string key) => Texts.Get(typeof(RunTexts), key);

    /// <summary>
    /// <inheritdoc cref="CliTexts.Format"/> In Chinese, pieces joined with a space ("应为 " + "大于 0 的数值", "之间" + " 的整数")
    /// lose the space between two Chinese characters: Chinese keeps a space only beside Latin letters and digits. What the
    /// user typed ('quoted') is left as it is.
    /// </summary>
    public static string Format(string key, params object?[] args)
    {
        string text = Texts.Format(typeof(RunTexts), key, args);
        return UiLanguage.IsChinese(CultureInfo.CurrentUICulture) ? JoinChinese(text) : text;
    }

    /// <summary>"应为 大于 0 的数值" → "应为大于 0 的数值"; quoted spans untouched.</summary>
    public static string JoinChinese(string text) =>
        SpaceBetweenChinese().Replace(text, m => m.Groups["quoted"].Success ? m.Value : "");

    [GeneratedRegex(@"(?<quoted>'[^'\n]*')|(?<=[\u4E00-\u9FFF]) (?=[\u4E00-\u9FFF])")]
    private static partial Regex SpaceBetweenChinese();
}
