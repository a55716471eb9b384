using System.Globalization;
using System.Text;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.Book;

/// <summary>The book's HTML: the index in course order, one page per lesson, one stylesheet. No script, no external resource.</summary>
public static partial class BookHtml
{
    public static string PageFile(Lesson lesson) => lesson.Id + ".html";

    private static string E(string text) => CodeHtml.Escape(text);

    /// <summary>A <see cref="BookText"/> format string, escaped, filled in with parts that are HTML already.</summary>
    private static string F(string format, params string[] html) => string.Format(CultureInfo.InvariantCulture, E(format), html);

    private static string Code(string text) => $"<code>{E(text)}</code>";

    /// <summary>A pane that may scroll: focusable (a keyboard can scroll it) and named, as a labelled region.</summary>
    private static string Pane(string label, string cssClass = "") =>
        $"<pre{(cssClass.Length > 0 ? $" class=\"{cssClass}\"" : "")} tabindex=\"0\" role=\"region\" aria-label=\"{E(label)}\">";

    private static string Head(string title) =>
        $"<!DOCTYPE html>\n<html lang=\"{BookText.Language}\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        $"<title>{E(title)}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n";

    private const string Foot = "</body>\n</html>\n";

    /// <summary>The command that runs a lesson as the page ran it.</summary>
    private static string Command(string lessonId, long seed, string knobs) =>
        $"dotnet run --project Chapter4 -- {lessonId} --seed {seed}{(knobs.Length > 0 ? " " + knobs : "")}";

    /// <summary>What every page says about the settings it was built with.</summary>
    private static string Settings(BookPage page, string seedOption)
    {
        string seed = seedOption.Length > 0
            ? F(BookText.BuiltForSeed, page.Outcome.Seed.ToString(CultureInfo.InvariantCulture), Code("book " + seedOption))
            : F(BookText.DefaultSeed, page.Outcome.Seed.ToString(CultureInfo.InvariantCulture));
        string knobs = page.Knobs.Length > 0 ? F(BookText.KnobsGiven, Code(page.Knobs)) : "";
        return $"<p class=\"settings\">{seed}{knobs}{F(BookText.SameRunInATerminal, Code(Command(page.Lesson.Id, page.Outcome.Seed, page.Knobs)))}</p>\n";
    }

    public static string Index(IReadOnlyList<BookPage> pages, string seedOption)
    {
        var html = new StringBuilder(Head(BookText.IndexTitle));
        html.Append($"<header class=\"book\">\n<h1>{E(BookText.BookName)}</h1>\n")
            .Append("<p>").Append(F(BookText.IndexIntro, $"<span lang=\"zh\">{E(BookText.CourseNameChinese)}</span>")).Append("</p>\n");
        html.Append(seedOption.Length > 0
            ? $"<p class=\"settings\">{F(BookText.IndexBuiltForSeed, Code(seedOption))}</p>\n"
            : $"<p class=\"settings\">{E(BookText.IndexDefaultSeeds)}</p>\n");
        int failed = pages.Count(p => p.Outcome.Error is not null);
        if (failed > 0) html.Append($"<p class=\"error\">{F(BookText.IndexFailed, failed.ToString(CultureInfo.InvariantCulture))}</p>\n");
        html.Append($"</header>\n<main>\n<ol class=\"outline\" aria-label=\"{E(BookText.ContentsLabel)}\">\n");
        foreach (CourseSection section in CourseOutline.Sections)
        {
            int depth = section.Number.Count(c => c == '.');
            html.Append($"<li class=\"depth-{depth}\"><span class=\"number\">{E(section.Number)}</span> ")
                .Append($"<span class=\"zh\" lang=\"zh\">{E(section.Chinese)}</span> <span class=\"en\" lang=\"en\">{E(section.English)}</span>\n");
            var here = pages.Where(p => p.Lesson.Section == section).ToList();
            if (here.Count > 0)
            {
                html.Append("<ul class=\"lessons\">\n");
                foreach (BookPage p in here)
                    html.Append($"<li><a href=\"{PageFile(p.Lesson)}\">{E(p.Lesson.Id)}</a> — {E(LessonTexts.Description(p.Lesson.Id, p.Lesson.Description))}")
                        .Append(p.Outcome.Error is null ? "" : $" <span class=\"failed\">{E(BookText.Failed)}</span>").Append("</li>\n");
                html.Append("</ul>\n");
            }
            else if (section.Note is not null)
            {
                html.Append($"<p class=\"note\">{E(LessonTexts.SectionNote(section.Number, section.Note))}</p>\n");
            }
            html.Append("</li>\n");
        }
        html.Append("</ol>\n</main>\n");
        return html.Append(Foot).ToString();
    }

    public static string LessonPage(IReadOnlyList<BookPage> pages, int index, string seedOption)
    {
        BookPage page = pages[index];
        Lesson lesson = page.Lesson;
        var html = new StringBuilder(Head(string.Format(CultureInfo.InvariantCulture, BookText.PageTitle, lesson.Id)));
        html.Append(Navigation(pages, index, BookText.NavigationTop));
        html.Append("<header>\n")
            .Append($"<p class=\"course\"><span class=\"number\">{E(lesson.Section.Number)}</span> <span class=\"zh\" lang=\"zh\">{E(lesson.Section.Chinese)}</span> ")
            .Append($"<span class=\"en\" lang=\"en\">{E(lesson.Section.English)}</span></p>\n")
            .Append($"<h1>{E(lesson.Id)}</h1>\n<p class=\"description\">{E(LessonTexts.Description(lesson.Id, lesson.Description))}</p>\n")
            .Append(Settings(page, seedOption))
            .Append("</header>\n<main>\n");

        html.Append(CourseViewSection(lesson));
        html.Append(Rule(lesson));
        // The output pane holds what the Python prints, nothing else: the explanations are the take-aways below,
        // the errata their own section (issue 23, 2).
        html.Append($"<section id=\"output\">\n<h2>{E(BookText.OutputHeading)}</h2>\n");
        if (page.Outcome.Error is not null)
        {
            html.Append($"<p class=\"error\">{F(BookText.RunFailed, page.Outcome.ExitCode.ToString(CultureInfo.InvariantCulture), E(page.Outcome.Error))}</p>\n");
            if (page.Printed.Trim().Length > 0)
                html.Append($"<details><summary>{E(BookText.PrintedBeforeFailure)}</summary>\n{Pane(BookText.OutputLabel, "output")}\n{E(page.Printed)}</pre>\n</details>\n");
        }
        else
        {
            html.Append($"{Pane(BookText.OutputLabel, "output")}\n{E(page.Printed)}</pre>\n");
        }
        html.Append("</section>\n");

        if (page.Outcome.Plots.Count > 0)
        {
            html.Append($"<section id=\"plots\">\n<h2>{E(BookText.PlotsHeading)}</h2>\n");
            foreach (string plot in page.Outcome.Plots)
            {
                string name = Path.GetFileName(plot);
                string caption = page.Lesson.Plots.FirstOrDefault(p => p.File == name)?.Caption ?? "";
                html.Append($"<figure>\n<img src=\"plots/{E(name)}\" alt=\"{E(caption.Length > 0 ? caption : name)}\">\n")
                    .Append($"<figcaption><code>{E(name)}</code> {E(caption)}</figcaption>\n</figure>\n");
            }
            html.Append("</section>\n");
        }

        var errata = CourseErrata.For(lesson.Id).ToList();
        if (errata.Count > 0)
        {
            html.Append($"<section id=\"errata\">\n<h2>{E(BookText.ErrataHeading)}</h2>\n<ul>\n");
            foreach (CourseErratum erratum in errata)
                html.Append($"<li>{E(erratum.Line)}</li>\n");
            html.Append("</ul>\n</section>\n");
        }

        var takeaways = BookTakeAways.Lines(page);
        if (takeaways.Count > 0)
            html.Append($"<section id=\"takeaways\">\n<h2>{E(BookText.TakeAwaysHeading)}</h2>\n{Pane(BookText.TakeAwaysLabel, "notes")}\n")
                .Append(E(string.Join("\n", takeaways))).Append("</pre>\n</section>\n");

        html.Append(TryThis(page));
        html.Append(PyTorchDelta(page));
        html.Append(DeepDive(lesson));
        html.Append(Exercises(lesson));
        html.Append("</main>\n").Append(Navigation(pages, index, BookText.NavigationBottom));
        return html.Append(Foot).ToString();
    }

    // Two navigation landmarks per page, each with its own name (axe: landmark-unique).
    private static string Navigation(IReadOnlyList<BookPage> pages, int index, string label)
    {
        string Link(int i, string arrow) => i < 0 || i >= pages.Count
            ? $"<span class=\"none\">{arrow}</span>"
            : $"<a href=\"{PageFile(pages[i].Lesson)}\" rel=\"{(i < index ? "prev" : "next")}\">{arrow} {E(pages[i].Lesson.Id)}</a>";
        return $"<nav aria-label=\"{E(label)}\">{Link(index - 1, "←")} <a href=\"index.html\">{E(BookText.Contents)}</a> {Link(index + 1, "→")}</nav>\n";
    }

    private static string N(double v, string format = "G9") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The book's stylesheet, Chapter4/Book/book.css (embedded at build time).</summary>
    public static string Stylesheet { get; } = ReadStylesheet();

    private static string ReadStylesheet()
    {
        using var stream = typeof(BookHtml).Assembly.GetManifestResourceStream("Chapter4.Book.book.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
