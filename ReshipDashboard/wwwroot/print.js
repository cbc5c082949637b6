// The print page's 打印 button (inline handlers are not allowed by the content security policy).
document.getElementById('print-now')?.addEventListener('click', () => window.print());
