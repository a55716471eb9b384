namespace Chapter4.Language;

/// <summary>
/// The words of a lesson run outside the lesson (RunTexts.resx, RunTexts.zh-CN.resx): what knobs accept and why a value
/// is refused, the runner's one-line errors, the plots folder, the missing CJK font.
/// </summary>
public static class RunTexts
{
    public static string Get(string key) => Texts.Get(typeof(RunTexts), key);

    /// <inheritdoc cref="CliTexts.Format"/>
    public static string Format(string key, params object?[] args) => Texts.Format(typeof(RunTexts), key, args);
}
