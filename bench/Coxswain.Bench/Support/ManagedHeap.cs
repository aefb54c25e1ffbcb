namespace Coxswain.Bench.Support;

/// <summary>Live managed-heap size after full, compacting collections: what a data structure really keeps alive.</summary>
public static class ManagedHeap
{
    public static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
