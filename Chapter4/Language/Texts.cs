using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Resources;

namespace Chapter4.Language;

/// <summary>
/// Our words, from .resx files beside the code that says them (Foo.resx in English, Foo.zh-CN.resx in Chinese,
/// compiled into a satellite assembly). A key is looked up on the type first, then on its base types, so a
/// lesson's base class holds the sentences its lessons share.
/// </summary>
public static class Texts
{
    private static readonly ConcurrentDictionary<Type, ResourceManager?> Managers = new();

    /// <summary>The text for <paramref name="key"/> in the current UI language (Chinese falls back to English per key).</summary>
    public static string Get(Type owner, string key) => Get(owner, key, CultureFor(key));

    /// <summary>
    /// Whether a plot can show Chinese (a CJK font is installed); null: assume it can. The command line sets it
    /// (Plotting's CjkFont), this layer knows no fonts.
    /// </summary>
    public static Func<bool>? PlotsCanShowChinese { get; set; }

    /// <summary>
    /// The keys of words drawn into a plot: "plot.title", "plot.x", "plot.legend.adam", "legend.…", "axis.…". Captions
    /// ("caption.…") are not drawn (the README and the book show them), so they follow the UI language like any sentence.
    /// </summary>
    public static bool IsPlotKey(string key) =>
        key.StartsWith("plot.", StringComparison.Ordinal) || key.StartsWith("legend.", StringComparison.Ordinal) || key.StartsWith("axis.", StringComparison.Ordinal);

    /// <summary>The UI language, except for a plot's words when no font can draw Chinese: those stay English (no boxes).</summary>
    private static CultureInfo CultureFor(string key)
    {
        CultureInfo ui = CultureInfo.CurrentUICulture;
        if (!UiLanguage.IsChinese(ui) || !IsPlotKey(key) || PlotsCanShowChinese is not { } canShow) return ui;
        return canShow() ? ui : UiLanguage.English;
    }

    public static string Get(Type owner, string key, CultureInfo culture) =>
        Find(owner, key, culture) ?? throw new MissingManifestResourceException($"no text '{key}' for {owner.Name} or its base types");

    /// <summary>The template filled with <paramref name="args"/>; numbers are formatted invariantly (the same digits in every language).</summary>
    public static string Format(Type owner, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(owner, key), args);

    /// <summary>The text only if <paramref name="culture"/>'s own file has it (no fallback): for the tests that every key exists in both.</summary>
    public static string? Exact(Type owner, string key, CultureInfo culture)
    {
        for (Type? t = owner; t is not null; t = t.BaseType)
            if (Manager(t) is { } manager && manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is { } set &&
                set.GetString(key) is { } text)
                return text;
        return null;
    }

    /// <summary>Every key of <paramref name="owner"/>'s own file in <paramref name="culture"/> (not its base types').</summary>
    public static IReadOnlyList<string> Keys(Type owner, CultureInfo culture)
    {
        if (Manager(owner)?.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is not { } set) return [];
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether <paramref name="owner"/> has a .resx of its own.</summary>
    public static bool HasFile(Type owner) => Manager(owner) is not null;

    private static string? Find(Type owner, string key, CultureInfo culture)
    {
        for (Type? t = owner; t is not null; t = t.BaseType)
            if (Manager(t)?.GetString(key, culture) is { } text) return text;
        return null;
    }

    private static ResourceManager? Manager(Type type) => Managers.GetOrAdd(type, t =>
    {
        Assembly assembly = t.Assembly;
        string baseName = t.FullName!;
        return assembly.GetManifestResourceNames().Contains(baseName + ".resources") ? new ResourceManager(baseName, assembly) : null;
    });
}
