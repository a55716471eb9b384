using System.Globalization;
using System.Runtime.InteropServices;

namespace Chapter4.Language;

/// <summary>
/// The language of what we write for the learner: English or Simplified Chinese. Words only: numbers are
/// formatted invariantly in both, and the course's prints (what the Python prints) are never translated.
/// </summary>
public static class UiLanguage
{
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");

    public static CultureInfo Chinese { get; } = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The values --lang takes.</summary>
    public static IReadOnlyList<string> Names { get; } = ["en", "zh-CN"];

    public static bool IsChinese(CultureInfo culture) => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>The current thread's choice (set once at start-up by <see cref="Use"/>).</summary>
    public static CultureInfo Current => IsChinese(CultureInfo.CurrentUICulture) ? Chinese : English;

    /// <summary>A --lang value: "zh-CN" (also zh, zh-Hans, zh_CN) or "en"; null for anything else.</summary>
    public static CultureInfo? Parse(string tag)
    {
        string t = tag.Trim().Replace('_', '-');
        if (t.Equals("en", StringComparison.OrdinalIgnoreCase) || t.StartsWith("en-", StringComparison.OrdinalIgnoreCase)) return English;
        if (t.Equals("zh", StringComparison.OrdinalIgnoreCase) || t.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)) return Chinese;
        return null;
    }

    /// <summary>
    /// Without --lang: the user's UI language. The project runs in invariant-globalization mode (numbers look the same
    /// everywhere), so .NET's CurrentUICulture does not follow the system; we read it ourselves: on Unix the POSIX
    /// message locale (LC_ALL, then LC_MESSAGES, then LANG; GNU's LANGUAGE list first when set), on Windows the display language.
    /// Anything that is not Chinese is English.
    /// </summary>
    public static CultureInfo FromEnvironment(Func<string, string?> environment)
    {
        if (OperatingSystem.IsWindows()) return WindowsDisplayLanguageIsChinese() ? Chinese : English;
        string? locale = First(environment("LC_ALL"), environment("LC_MESSAGES"), environment("LANG"));
        // GNU gettext: LANGUAGE (a colon-separated list) wins unless the locale is C/POSIX.
        if (environment("LANGUAGE") is { Length: > 0 } list && locale is not null && !IsPosixDefault(locale))
            locale = list.Split(':')[0];
        if (locale is null || IsPosixDefault(locale)) return English;
        string tag = locale.Split('.', '@')[0];
        return Parse(tag) ?? English;
    }

    /// <summary>Makes <paramref name="culture"/> the UI language of this process (every thread).</summary>
    public static void Use(CultureInfo culture)
    {
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static bool IsPosixDefault(string locale) => locale is "C" or "POSIX" || locale.StartsWith("C.", StringComparison.Ordinal);

    private static bool WindowsDisplayLanguageIsChinese() => (GetUserDefaultUILanguage() & 0x3FF) == 0x04; // LANG_CHINESE

    [DllImport("kernel32.dll")]
    private static extern ushort GetUserDefaultUILanguage();
}
