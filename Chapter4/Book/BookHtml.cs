using System.Globalization;
using System.Text;
using Chapter4.Course;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>The book's HTML: the index in course order, one page per lesson, one stylesheet. No script, no external resource.</summary>
public static partial class BookHtml
{
    public static string PageFile(Lesson lesson) => lesson.Id + ".html";

    private static string E(string text) => CodeHtml.Escape(text);

    private static string Head(string title) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        $"<title>{E(title)}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n";

    private const string Foot = "</body>\n</html>\n";

    /// <summary>What every page says about the settings it was built with.</summary>
    private static string Settings(BookPage page, string seedOption)
    {
        string seed = seedOption.Length > 0
            ? $"Built for seed {page.Outcome.Seed} (<code>book {E(seedOption)}</code>)"
            : $"Seed {page.Outcome.Seed}, the lesson's default";
        string knobs = page.Knobs.Length > 0 ? $"; knobs <code>{E(page.Knobs)}</code>" : "";
        string command = $"dotnet run --project Chapter4 -- {page.Lesson.Id} --seed {page.Outcome.Seed}{(page.Knobs.Length > 0 ? " " + page.Knobs : "")}";
        return $"<p class=\"settings\">{seed}{knobs}. The same run in a terminal: <code>{E(command)}</code></p>\n";
    }

    public static string Index(IReadOnlyList<BookPage> pages, string seedOption)
    {
        var html = new StringBuilder(Head("Chapter4 — chapter 4 of the PyTorch course, as C# lessons"));
        html.Append("<header class=\"book\">\n<h1>Chapter4</h1>\n<p>Chapter 4 of the PyTorch deep-learning course (<span lang=\"zh\">深度学习第四章节</span>), every snippet a C# lesson on ")
            .Append("TorchSharp, checked against PyTorch. Each page shows the lesson's C# beside its Python twin, what it printed, ")
            .Append("its plots, the course's errata and the values beside PyTorch's.</p>\n");
        html.Append(seedOption.Length > 0
            ? $"<p class=\"settings\">Every lesson built for <code>{E(seedOption)}</code>.</p>\n"
            : "<p class=\"settings\">Every lesson at its default seed.</p>\n");
        int failed = pages.Count(p => p.Outcome.Error is not null);
        if (failed > 0) html.Append($"<p class=\"error\">{failed} lesson(s) failed in this build; their pages show why.</p>\n");
        html.Append("</header>\n<main>\n<ol class=\"outline\">\n");
        foreach (CourseSection section in CourseOutline.Sections)
        {
            int depth = section.Number.Count(c => c == '.');
            html.Append($"<li class=\"depth-{depth}\"><span class=\"number\">{E(section.Number)}</span> ")
                .Append($"<span class=\"zh\" lang=\"zh\">{E(section.Chinese)}</span> <span class=\"en\">{E(section.English)}</span>\n");
            var here = pages.Where(p => p.Lesson.Section == section).ToList();
            if (here.Count > 0)
            {
                html.Append("<ul class=\"lessons\">\n");
                foreach (BookPage p in here)
                    html.Append($"<li><a href=\"{PageFile(p.Lesson)}\">{E(p.Lesson.Id)}</a> — {E(p.Lesson.Description)}")
                        .Append(p.Outcome.Error is null ? "" : " <span class=\"failed\">failed</span>").Append("</li>\n");
                html.Append("</ul>\n");
            }
            else if (section.Note is not null)
            {
                html.Append($"<p class=\"note\">{E(section.Note)}</p>\n");
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
        var html = new StringBuilder(Head($"{lesson.Id} — Chapter4"));
        string nav = Navigation(pages, index);
        html.Append(nav);
        html.Append("<header>\n")
            .Append($"<p class=\"course\"><span class=\"number\">{E(lesson.Section.Number)}</span> <span class=\"zh\" lang=\"zh\">{E(lesson.Section.Chinese)}</span> ")
            .Append($"<span class=\"en\">{E(lesson.Section.English)}</span></p>\n")
            .Append($"<h1>{E(lesson.Id)}</h1>\n<p class=\"description\">{E(lesson.Description)}</p>\n")
            .Append(Settings(page, seedOption))
            .Append("</header>\n<main>\n");

        html.Append(CourseViewSection(lesson));
        string takeaways = TakeAways(page);
        if (page.Outcome.Error is not null)
        {
            html.Append("<section id=\"output\">\n<h2>Output</h2>\n")
                .Append($"<p class=\"error\">The run failed (exit code {page.Outcome.ExitCode}): {E(page.Outcome.Error)}</p>\n");
            if (page.Printed.Trim().Length > 0)
                html.Append($"<details><summary>What it printed before that</summary>\n<pre class=\"output\">\n{E(page.Printed)}</pre>\n</details>\n");
            html.Append("</section>\n");
        }
        else
        {
            html.Append($"<section id=\"output\">\n<h2>Output</h2>\n<pre class=\"output\">\n{E(page.Printed)}</pre>\n</section>\n");
        }

        if (page.Outcome.Plots.Count > 0)
        {
            html.Append("<section id=\"plots\">\n<h2>Plots</h2>\n");
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
            html.Append("<section id=\"errata\">\n<h2>Course errata</h2>\n<ul>\n");
            foreach (CourseErratum erratum in errata)
                html.Append($"<li>{E(erratum.Line)}</li>\n");
            html.Append("</ul>\n</section>\n");
        }

        if (takeaways.Length > 0)
            html.Append($"<section id=\"takeaways\">\n<h2>Take-aways, computed from this run</h2>\n<pre class=\"notes\">\n{E(takeaways)}</pre>\n</section>\n");

        html.Append(PyTorchDelta(page));
        html.Append(DeepDive(lesson));
        html.Append(Exercises(lesson));
        html.Append("</main>\n").Append(nav);
        return html.Append(Foot).ToString();
    }

    private static string Navigation(IReadOnlyList<BookPage> pages, int index)
    {
        string Link(int i, string label) => i < 0 || i >= pages.Count
            ? $"<span class=\"none\">{label}</span>"
            : $"<a href=\"{PageFile(pages[i].Lesson)}\" rel=\"{(i < index ? "prev" : "next")}\">{label} {E(pages[i].Lesson.Id)}</a>";
        return $"<nav>{Link(index - 1, "←")} <a href=\"index.html\">contents</a> {Link(index + 1, "→")}</nav>\n";
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
