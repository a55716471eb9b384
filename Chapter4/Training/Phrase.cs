using System.Globalization;
using Chapter4.Language;

namespace Chapter4.Training;

/// <summary>
/// A sentence from a .resx that is put into words only when said, so one divergence can be said in two languages: the
/// error line in the learner's, the results (--json) and the lesson's own table in English (they are the same in every
/// language). A <see cref="Phrase"/> among the arguments is said in the same language.
/// </summary>
public sealed class Phrase(Type owner, string key, params object?[] args)
{
    /// <summary>In <paramref name="culture"/>; null: the UI language (as <see cref="Texts.Format"/>).</summary>
    public string In(CultureInfo? culture) =>
        string.Format(CultureInfo.InvariantCulture, culture is null ? Texts.Get(owner, key) : Texts.Get(owner, key, culture),
            args.Select(a => a is Phrase p ? p.In(culture) : a).ToArray());

    /// <summary>For the results and the lesson's prints.</summary>
    public string English => In(UiLanguage.English);

    /// <summary>In the UI language: for the error line.</summary>
    public override string ToString() => In(null);
}
