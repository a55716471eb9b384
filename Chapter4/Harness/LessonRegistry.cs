using Chapter4.Course;
namespace Chapter4.Harness;

/// <summary>Every lesson in this assembly, in course order.</summary>
public static class LessonRegistry
{
    private static readonly Lazy<IReadOnlyList<Type>> LessonTypes = new(() =>
        typeof(Lesson).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Lesson)) && !t.IsAbstract)
            .Select(t => (type: t, lesson: (Lesson)Activator.CreateInstance(t)!))
            .OrderBy(x => x.lesson.Section, Comparer<CourseSection>.Create(CourseSection.Compare))
            .ThenBy(x => x.lesson.OrderInSection)
            .Select(x => x.type)
            .ToList());

    /// <summary>Fresh instances with course defaults, in course order.</summary>
    public static IReadOnlyList<Lesson> All() => LessonTypes.Value.Select(Create).ToList();

    public static IReadOnlyList<string> Ids => All().Select(l => l.Id).ToList();

    /// <summary>A fresh instance of the lesson with this id, or null.</summary>
    public static Lesson? Find(string id) => All().FirstOrDefault(l => l.Id == id);

    private static Lesson Create(Type t) => (Lesson)Activator.CreateInstance(t)!;
}
