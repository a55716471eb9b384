namespace Chapter4.Language;

/// <summary>
/// The command line's words (CliTexts.resx, CliTexts.zh-CN.resx): the app's and every command's help, `list`,
/// the summary lines and the errors the command line reports.
/// </summary>
public static class CliTexts
{
    public static string Get(string key) => Texts.Get(typeof(CliTexts), key);

    /// <summary>The template filled with <paramref name="args"/> (numbers invariant); literal braces are written {{ }}.</summary>
    public static string Format(string key, params object?[] args) => Texts.Format(typeof(CliTexts), key, args);
}
