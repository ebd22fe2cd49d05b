import { maskPersonName } from './personal-names';

describe('maskPersonName', () => {
  it.each([
    ['张三丰', '张**'],
    ['李四', '李*'],
    ['Wang', 'W***'],
    ['  王五 ', '王*'],
    ['王', '王'],
  ])('publishes %s as %s', (name, masked) => {
    expect(maskPersonName(name)).toBe(masked);
  });
});
