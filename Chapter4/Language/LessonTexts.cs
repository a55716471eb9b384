using System.Globalization;

namespace Chapter4.Language;

/// <summary>
/// The lessons' one-line descriptions, their knobs' help and the course outline's notes, translated
/// (LessonTexts.resx, LessonTexts.zh-CN.resx; keys "&lt;lesson-id&gt;.description", "&lt;lesson-id&gt;.knob.&lt;name&gt;",
/// "section.&lt;number&gt;.note"). The English stays in the code beside what it describes and is the text shown in
/// English; the English file repeats it only so that a test can tell when the code's English changed and its Chinese
/// is out of date (LessonTextTests).
/// </summary>
public static class LessonTexts
{
    public static string DescriptionKey(string lessonId) => $"{lessonId}.description";

    public static string KnobKey(string lessonId, string knob) => $"{lessonId}.knob.{knob}";

    public static string SectionNoteKey(string number) => $"section.{number}.note";

    /// <summary>The lesson's description in the UI language; <paramref name="english"/> is the lesson's own.</summary>
    public static string Description(string lessonId, string english) => Translate(DescriptionKey(lessonId), english);

    /// <summary>A knob's help in the UI language; <paramref name="english"/> is its [Knob] help.</summary>
    public static string KnobHelp(string lessonId, string knob, string english) => Translate(KnobKey(lessonId, knob), english);

    /// <summary>A text-only heading's note in the UI language; <paramref name="english"/> is the course outline's.</summary>
    public static string SectionNote(string number, string english) => Translate(SectionNoteKey(number), english);

    /// <summary>The Chinese for <paramref name="key"/> when the UI is Chinese and it has one; otherwise the code's English.</summary>
    private static string Translate(string key, string english) =>
        UiLanguage.IsChinese(CultureInfo.CurrentUICulture) && Texts.Exact(typeof(LessonTexts), key, UiLanguage.Chinese) is { } chinese ? chinese : english;
}
