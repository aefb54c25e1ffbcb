namespace Coxswain.Runtime.Controllers;

/// <summary>
/// A reconcile failure that retrying cannot fix, e.g. an invalid spec (controller-runtime's <c>reconcile.TerminalError</c>).
/// It is logged and counted in <c>controller_runtime_terminal_reconcile_errors_total</c> but not requeued; the object is
/// reconciled again only when something triggers it.
/// </summary>
public class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
