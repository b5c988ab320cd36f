import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { finiteVector } from '../linalg/validate.js';
import type { Loss } from './types.js';

/** @throws {ArgumentError} when `loss` is not a function. */
export function checkLoss(loss: unknown): asserts loss is Loss {
  if (typeof loss !== 'function') {
    throw new ArgumentError(`loss must be a function y ↦ [value, gradient], got ${typeof loss}`);
  }
}

/**
 * The outer loss L and ∂L/∂y at y, from the user's `loss(y)` (called with a copy of y), checked:
 * a finite number and a finite vector of length y.length.
 * @throws {ShapeError} when `loss(y)` does not return a pair, or its gradient has the wrong length.
 * @throws {NonFiniteError} when the value or the gradient is not finite.
 */
export function evaluateLoss(loss: Loss, y: Float64Array): { value: number; gradient: Float64Array } {
  const out = loss(Float64Array.from(y));
  if (out == null || typeof out !== 'object' || (out as ArrayLike<unknown>).length !== 2) {
    throw new ShapeError('loss(y) must return [value, gradient]');
  }
  const value = out[0];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NonFiniteError(`loss(y) returned the value ${String(value)}; it must be a finite number`);
  }
  return { value, gradient: finiteVector(out[1], 'loss(y) gradient', y.length) };
}
