namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Tells a reconciler bug from an ordinary failure. Go separates the two by mechanism (returned <c>error</c> versus
/// <c>panic</c>); .NET throws both, so the runtime treats as a "panic" the exceptions that in Go would have been
/// runtime panics — nil dereference, index out of range, failed cast, missing key, arithmetic faults — plus unimplemented
/// code. Panics are counted in <c>controller_runtime_reconcile_panics_total</c> and, unless recovery is disabled,
/// otherwise handled like errors.
/// </summary>
public static class PanicClassifier
{
    public static bool IsPanic(Exception exception) => exception is
        NullReferenceException
        or IndexOutOfRangeException
        or ArgumentOutOfRangeException
        or InvalidCastException
        or KeyNotFoundException
        or ArithmeticException
        or NotImplementedException
        or InsufficientExecutionStackException;
}
