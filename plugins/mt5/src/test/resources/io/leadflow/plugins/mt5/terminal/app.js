// The fake terminal's client: the same flow as the MT5 web terminal (a disclaimer, the login form,
// "Connecting...", then the terminal with its bottom panel), talking to the fake's JSON endpoints.
(function () {
  const $ = selector => document.querySelector(selector);
  const show = (selector, shown) => { $(selector).hidden = !shown; };
  const money = value => {
    const [whole, cents] = Math.abs(value).toFixed(2).split('.');
    return (value < 0 ? '-' : '') + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ') + '.' + cents;
  };
  const row = cells => '<tr>' + cells.map(cell => '<td>' + cell + '</td>').join('') + '</tr>';

  function render(account) {
    show('#loading', false);
    show('#connecting', false);
    show('#login-form', false);
    show('#terminal', true);
    $('#positions').innerHTML = account.positions.map(p => row([p.symbol, p.ticket, p.time, p.type,
      p.volume.toFixed(2), p.price, '', '', p.current, money(p.profit)])).join('')
      + '<tr><td colspan="10">Balance: ' + money(account.balance) + '</td></tr>';
    $('#history').innerHTML = account.history.map(d => row([d.time, d.ticket, d.symbol, d.type,
      d.volume.toFixed(2), d.price, money(d.profit)])).join('');
    const level = account.margin > 0 ? money(account.marginLevel) + ' %' : '';
    $('#summary').textContent = account.renamedPanel
      ? 'Bal ' + money(account.balance) + ' | Eq ' + money(account.equity)
      : 'Balance: ' + money(account.balance) + ' ' + account.currency + '  Equity: ' + money(account.equity)
        + '  Margin: ' + money(account.margin) + '  Free margin: ' + money(account.freeMargin) + '  Level: ' + level;
  }

  document.querySelectorAll('[role=tab]').forEach(tab => tab.addEventListener('click', () => {
    document.querySelectorAll('[role=tabpanel]').forEach(panel => { panel.hidden = panel.dataset.tab !== tab.dataset.for; });
  }));

  $('#accept').addEventListener('click', () => {
    document.cookie = 'disclaimer=accepted; path=/';
    show('#disclaimer', false);
  });

  $('#login-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    show('.login-error', false);
    show('#connecting', true);
    const answer = await fetch('/terminal/api/login', {
      method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({login: form.login.value, password: form.password.value, server: form.server.value})
    });
    if (!answer.ok) {
      show('#connecting', false);
      const error = await answer.json();
      $('.login-error').textContent = error.message;
      show('.login-error', true);
      return;
    }
    render(await (await fetch('/terminal/api/account')).json());
  });

  (async function boot() {
    const answer = await fetch('/terminal/api/account');
    if (answer.ok) {
      render(await answer.json());
      return;
    }
    show('#loading', false);
    show('#login-form', true);
    show('#disclaimer', !document.cookie.includes('disclaimer=accepted'));
  })();
})();
