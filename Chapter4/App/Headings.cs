using Chapter4.Course;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>A course heading as the command line shows it: the course's Chinese and an English title in English, the Chinese alone in Chinese.</summary>
public static class Headings
{
    /// <summary>"3.3.3 动量算法(Momentum) (Momentum)" in English, "3.3.3 动量算法(Momentum)" in Chinese.</summary>
    public static string Of(CourseSection section) => UiLanguage.IsChinese(UiLanguage.Current) ? $"{section.Number} {section.Chinese}" : section.ToString();

    /// <summary>The line of `list`: "1.1 构建神经网络模型 — Building a neural network model", or without the English in Chinese.</summary>
    public static string Line(CourseSection section) =>
        UiLanguage.IsChinese(UiLanguage.Current) ? $"{section.Number} {section.Chinese}" : $"{section.Number} {section.Chinese} — {section.English}";
}
