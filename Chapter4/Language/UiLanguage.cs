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

    /// <summary>Simplified Chinese, zh-CN, falling back to zh-Hans (see <see cref="SimplifiedChinese"/>).</summary>
    public static CultureInfo Chinese { get; } = new SimplifiedChinese();

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

    /// <summary>The option that chooses the language.</summary>
    public const string Option = "--lang";

    /// <summary>
    /// The --lang among command-line arguments, read before the command tree is built (its help is written in the
    /// chosen language): "--lang X", "--lang=X" or "--lang:X", the last one given, none after "--".
    /// </summary>
    public static LangArgument Scan(IReadOnlyList<string> args)
    {
        var found = LangArgument.None;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--") break;
            if (a == Option)
                found = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? LangArgument.Of(args[++i]) : new LangArgument(true, null, null);
            else if (a.StartsWith(Option + "=", StringComparison.Ordinal) || a.StartsWith(Option + ":", StringComparison.Ordinal))
                found = LangArgument.Of(a[(Option.Length + 1)..]);
        }
        return found;
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

/// <summary>What <see cref="UiLanguage.Scan"/> found: no --lang, a valid one (<see cref="Culture"/>), or an invalid <see cref="Value"/> (null: no value).</summary>
public readonly record struct LangArgument(bool Given, CultureInfo? Culture, string? Value)
{
    public static LangArgument None => default;

    public static LangArgument Of(string value) => new(true, UiLanguage.Parse(value), value);
}

/// <summary>
/// zh-CN whose parent is zh-Hans, as it is with ICU's data. In invariant-globalization mode .NET knows no such chain (zh-CN's
/// parent is zh), so System.CommandLine's zh-Hans satellite (its "Usage:", "Options:", "[default: …]") was never found and
/// the help stayed half English. Resources are then looked up in zh-CN (ours), then zh-Hans (the library's), then neutral.
/// </summary>
internal sealed class SimplifiedChinese() : CultureInfo("zh-CN", useUserOverride: false)
{
    private static readonly CultureInfo Hans = new HansScript();

    public override CultureInfo Parent => Hans;

    /// <summary>
    /// zh-Hans spelled as its satellite folder is (invariant mode names it "zh-HANS", which a case-sensitive file system
    /// does not find); its parent is the invariant culture, so lookups end at the neutral resources.
    /// </summary>
    private sealed class HansScript() : CultureInfo("zh-Hans", useUserOverride: false)
    {
        public override string Name => "zh-Hans";

        public override CultureInfo Parent => InvariantCulture;
    }
}
