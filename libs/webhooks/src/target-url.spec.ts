import { targetUrlProblem } from './target-url';

describe('targetUrlProblem', () => {
  it.each(['https://hooks.example/cx', 'http://127.0.0.1:8080/in?x=1', 'https://[::1]/a'])(
    'accepts %s',
    (url) => expect(targetUrlProblem(url)).toBeUndefined(),
  );

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['relative', '/hooks'],
    ['ftp', 'ftp://files.example/x'],
    ['javascript', 'javascript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['credentials', 'https://user:pw@hooks.example/'],
    ['a user name', 'https://user@hooks.example/'],
    ['a fragment', 'https://hooks.example/#x'],
    ['too long', `https://hooks.example/${'a'.repeat(2100)}`],
  ])('refuses %s', (_name, url) => expect(targetUrlProblem(url)).toEqual(expect.any(String)));
});
